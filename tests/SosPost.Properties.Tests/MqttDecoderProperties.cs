using FsCheck.Fluent;
using SosPost.Mqtt;
using SosPost.Mqtt.Packets;

namespace SosPost.Properties.Tests;

/// <summary>The MQTT packet reader: total on any bytes, exact on what the writer writes, and patient with a partial packet.</summary>
public sealed class MqttDecoderProperties
{
    private const int MaxPacketSize = 1024 * 1024;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    /// <summary>First bytes of every packet type a server may send, valid flags and not.</summary>
    private static readonly byte[] FirstBytes = [0x20, 0x30, 0x31, 0x32, 0x3B, 0x3D, 0x40, 0x50, 0x62, 0x70, 0x90, 0xB0, 0xD0, 0xE0, 0xF0, 0x00, 0x10];

    [Fact]
    public void Any_bytes_decode_to_a_packet_a_request_for_more_or_a_named_error_in_bounded_memory()
    {
        Warm();
        var values = Generators.Bytes(300, FirstBytes).Select(b => new Case(b, b.Length % 2 == 0)).Arb();
        PropertyRun.ForAll("mqtt reader is total", values, c => AssertTotal(c.Bytes, c.V5), cases: 5000, Budget);
    }

    [Fact]
    public void Every_mutation_of_every_captured_packet_decodes_or_is_refused_with_a_reason()
    {
        Warm();
        Assert.NotEmpty(Corpus.MqttPackets);
        foreach (var (seed, v5) in Corpus.MqttPackets)
        {
            // The seed itself is a whole valid packet.
            var result = Reader(v5).Decode(seed.Bytes);
            Assert.True(result.Status == MqttDecodeStatus.Packet && result.Consumed == seed.Bytes.Length, $"{seed}: {result}");
            foreach (var mutation in Mutator.Mutations(seed, Mutator.PerSeed))
            {
                Guard(mutation, () => AssertTotal(mutation.Bytes, v5));
            }
        }
    }

    [Fact]
    public void A_publish_decodes_to_the_topic_payload_qos_retain_and_packet_id_it_was_written_with()
    {
        var topics = Generators.Text(40, c => c is not ('+' or '#'));
        var values =
            (from topic in topics
             from payload in Generators.Bytes(2000)
             from qos in Gen.Choose(0, 2)
             from retain in Gen.Elements(true, false)
             from packetId in Gen.Choose(1, 65535)
             from v5 in Gen.Elements(true, false)
             select new Publish(topic, payload, qos, retain, (ushort)packetId, v5)).Arb();
        PropertyRun.ForAll("publish round trip", values, p =>
        {
            var version = p.V5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;
            var bytes = MqttPacketWriter.Publish(version, p.Topic, p.Payload, p.Qos, p.Retain, p.PacketId);
            var result = Reader(p.V5).Decode(bytes);
            Assert.Equal(MqttDecodeStatus.Packet, result.Status);
            Assert.Equal(bytes.Length, result.Consumed);
            var packet = Assert.IsType<PublishPacket>(result.Packet);
            Assert.Equal((p.Topic, p.Qos, p.Retain, false, p.Qos == 0 ? (ushort)0 : p.PacketId), (packet.Topic, packet.Qos, packet.Retain, packet.Dup, packet.PacketId));
            Assert.Equal(p.Payload, packet.Payload.ToArray());
        }, cases: 400, Budget);
    }

    [Fact]
    public void An_acknowledgement_decodes_to_its_type_and_packet_id_and_id_0_is_refused()
    {
        var values =
            (from type in Gen.Elements(MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubComp)
             from packetId in Gen.Choose(0, 65535)
             from v5 in Gen.Elements(true, false)
             select (type, (ushort)packetId, v5)).Arb();
        PropertyRun.ForAll("ack round trip", values, a =>
        {
            var result = Reader(a.v5).Decode(MqttPacketWriter.Ack(a.type, a.Item2));
            if (a.Item2 == 0)
            {
                Assert.Equal(MqttDecodeStatus.Error, result.Status);
                Assert.Contains("packet identifier 0", result.Error, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(new AckPacket(a.type, a.Item2), result.Packet);
            }
        }, cases: 300, Budget);
    }

    [Fact]
    public void Every_strict_prefix_of_a_valid_packet_asks_for_more_bytes_and_never_fails()
    {
        foreach (var (seed, v5) in Corpus.MqttPackets)
        {
            for (var length = 0; length < seed.Bytes.Length; length++)
            {
                var result = Reader(v5).Decode(seed.Bytes.AsSpan(0, length));
                Assert.True(result.Status == MqttDecodeStatus.Incomplete, $"{seed} cut to {length} bytes: {result}");
            }
        }
    }

    [Fact]
    public void Two_packets_back_to_back_decode_one_at_a_time()
    {
        var packets = Corpus.MqttPackets;
        var values = (from a in Gen.Choose(0, packets.Count - 1) from b in Gen.Choose(0, packets.Count - 1) select (a, b)).Arb();
        PropertyRun.ForAll("packets back to back", values, pair =>
        {
            var (first, v5) = packets[pair.a];
            var (second, v5Second) = packets[pair.b];
            if (v5 != v5Second)
            {
                return;
            }

            byte[] both = [.. first.Bytes, .. second.Bytes];
            var one = Reader(v5).Decode(both);
            Assert.Equal(first.Bytes.Length, one.Consumed);
            var two = Reader(v5).Decode(both.AsSpan(one.Consumed));
            Assert.Equal(second.Bytes.Length, two.Consumed);
            Assert.Equal(Reader(v5).Decode(second.Bytes).Packet?.ToString(), two.Packet?.ToString());
        }, cases: 200, Budget);
    }

    internal static void AssertTotal(byte[] bytes, bool v5)
    {
        var reader = Reader(v5);
        MqttDecodeResult result = default;
        var allocated = PropertyRun.Allocated(() => result = reader.Decode(bytes));
        switch (result.Status)
        {
            case MqttDecodeStatus.Packet:
                Assert.NotNull(result.Packet);
                Assert.InRange(result.Consumed, 2, bytes.Length);
                Assert.Equal(result.Consumed, result.FrameLength);
                break;
            case MqttDecodeStatus.Incomplete:
                Assert.True(result.FrameLength == 0 || result.FrameLength > bytes.Length, $"asked for more with {result.FrameLength} of {bytes.Length} bytes there");
                break;
            default:
                Assert.False(string.IsNullOrWhiteSpace(result.Error), "an error without a reason");
                break;
        }

        // A copy of the payload, a topic as UTF-16 and an error message naming it: a few times the input at most.
        Assert.True(allocated <= 8192 + (8L * bytes.Length), $"decoding {bytes.Length} bytes allocated {allocated} bytes");
    }

    internal static void Guard(Mutation mutation, Action check)
    {
        try
        {
            check();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{mutation}{Environment.NewLine}({PropertyRun.ReplayHint}){Environment.NewLine}{e}", e);
        }
    }

    private static MqttPacketReader Reader(bool v5) => new(v5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311, MaxPacketSize);

    // The first decode of each shape loads types and fills caches; the allocation bound is about the steady state.
    private static void Warm()
    {
        foreach (var (seed, v5) in Corpus.MqttPackets)
        {
            Reader(v5).Decode(seed.Bytes);
            Reader(v5).Decode(seed.Bytes.AsSpan(0, seed.Bytes.Length - 1));
        }
    }

    internal sealed record Case(byte[] Bytes, bool V5)
    {
        public override string ToString() => $"{(V5 ? "v5" : "v3.1.1")} {PropertyRun.Hex(Bytes)}";
    }

    internal sealed record Publish(string Topic, byte[] Payload, int Qos, bool Retain, ushort PacketId, bool V5);
}
