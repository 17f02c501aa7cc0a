using System.Text;
using SosPost.Mqtt.Packets;
using static SosPost.Mqtt.Tests.Packets.PacketSamples;

namespace SosPost.Mqtt.Tests.Packets;

public sealed class MqttPacketReaderTests
{
    private static readonly MqttPacketReader V311 = new(MqttProtocolVersion.V311, 1024 * 1024);
    private static readonly MqttPacketReader V5 = new(MqttProtocolVersion.V500, 1024 * 1024);

    [Fact]
    public void Connack_311_decodes_session_present_and_return_code()
    {
        var packet = Decoded<ConnAckPacket>(V311, ConnAckV311);

        Assert.True(packet.SessionPresent);
        Assert.Equal(0, packet.ReasonCode);
        Assert.Equal(ushort.MaxValue, packet.ReceiveMaximum);
    }

    [Fact]
    public void Connack_5_reads_the_properties_the_client_uses_and_skips_the_others()
    {
        var packet = Decoded<ConnAckPacket>(V5, ConnAckV5);

        Assert.Equal(new ConnAckPacket(false, 0, 20, 60, 4096, "hi"), packet);
    }

    [Fact]
    public void Publish_decodes_topic_packet_id_qos_flags_and_payload()
    {
        var packet = Decoded<PublishPacket>(V311, PublishQos1V311);

        Assert.Equal(("a/b", 1, false, false, (ushort)7, "hi"), (packet.Topic, packet.Qos, packet.Retain, packet.Dup, packet.PacketId, Text(packet)));
    }

    [Fact]
    public void Publish_5_skips_message_properties_before_the_payload()
    {
        var packet = Decoded<PublishPacket>(V5, PublishQos1V5);

        Assert.Equal(("a/b", 1, true, "hi"), (packet.Topic, packet.Qos, packet.Retain, Text(packet)));
    }

    [Fact]
    public void Puback_5_carries_the_reason_code_and_reason_string()
    {
        Assert.Equal(new AckPacket(MqttPacketType.PubAck, 1, 0x87, "no"), Decoded<AckPacket>(V5, PubAckRejectedV5));
    }

    [Fact]
    public void Acknowledgements_decode_in_both_versions()
    {
        Assert.Equal(new AckPacket(MqttPacketType.PubAck, 1), Decoded<AckPacket>(V311, PubAckV311));
        Assert.Equal(new AckPacket(MqttPacketType.PubAck, 1), Decoded<AckPacket>(V5, PubAckV311));
        Assert.Equal(new AckPacket(MqttPacketType.PubRel, 5), Decoded<AckPacket>(V311, PubRel));
        Assert.Equal([1], Decoded<SubAckPacket>(V311, SubAckV311).ReasonCodes);
        Assert.Equal([0x00, 0x87], Decoded<SubAckPacket>(V5, SubAckV5).ReasonCodes);
        Assert.Empty(Decoded<UnsubAckPacket>(V311, UnsubAckV311).ReasonCodes);
        Assert.Equal([0], Decoded<UnsubAckPacket>(V5, UnsubAckV5).ReasonCodes);
        Assert.Same(PingRespPacket.Instance, Decoded<PingRespPacket>(V311, PingResp));
    }

    [Fact]
    public void Server_disconnect_5_carries_its_reason()
    {
        Assert.Equal(new DisconnectPacket(0x8B, "bye!"), Decoded<DisconnectPacket>(V5, DisconnectV5));
    }

    [Fact]
    public void Two_packets_in_one_buffer_are_decoded_one_after_the_other()
    {
        byte[] buffer = [.. PubAckV311, .. PingResp];

        var first = V311.Decode(buffer);
        var second = V311.Decode(buffer.AsSpan(first.Consumed));

        Assert.Equal((MqttDecodeStatus.Packet, 4), (first.Status, first.Consumed));
        Assert.Equal((MqttDecodeStatus.Packet, 2), (second.Status, second.Consumed));
    }

    [Fact]
    public void Every_prefix_of_a_valid_packet_asks_for_more_bytes_and_never_fails()
    {
        foreach (var (version, packet) in All())
        {
            var reader = new MqttPacketReader(version, 1024);
            for (var length = 0; length < packet.Length; length++)
            {
                var result = reader.Decode(packet.AsSpan(0, length));
                Assert.True(result.Status == MqttDecodeStatus.Incomplete, $"{Convert.ToHexString(packet)} cut to {length} bytes gave {result}");
            }

            Assert.Equal(packet.Length, reader.Decode(packet).Consumed);
        }
    }

    [Fact]
    public void A_body_shorter_than_its_fields_is_an_error_at_every_cut()
    {
        // Same packets, but the remaining length itself says the body ends early: the fields inside are truncated.
        byte[][] packets = [ConnAckV311, PublishQos1V311[..7], PubRel, SubAckV311, PubAckV311];
        foreach (var packet in packets)
        {
            for (var bodyLength = 0; bodyLength < packet.Length - 2; bodyLength++)
            {
                byte[] cut = [packet[0], (byte)bodyLength, .. packet.AsSpan(2, bodyLength)];
                var result = V311.Decode(cut);
                Assert.True(result.Status == MqttDecodeStatus.Error, $"{Convert.ToHexString(cut)} gave {result}");
            }
        }
    }

    [Theory]
    [InlineData("00 00", "packet type 0 is reserved")]
    [InlineData("10 00", "sent by clients only")]
    [InlineData("82 00", "sent by clients only")]
    [InlineData("C0 00", "sent by clients only")]
    [InlineData("F0 00", "reserved in MQTT 3.1.1")]
    [InlineData("36 00", "QoS 3")]
    [InlineData("38 00", "must not have the DUP flag")]
    [InlineData("60 02 0001", "PUBREL must have flags 0010")]
    [InlineData("41 02 0001", "must have flags 0000")]
    [InlineData("30 FF FF FF FF 01", "more than 4 bytes")]
    [InlineData("30 FF FF FF FF", "more than 4 bytes")]
    [InlineData("20 03 00 00 00", "unexpected bytes")]
    [InlineData("20 02 02 00", "reserved CONNACK flag")]
    [InlineData("32 07 0003 612F62 0000", "packet identifier 0")]
    [InlineData("30 05 0003 61FF62", "not valid UTF-8")]
    [InlineData("30 05 0003 610062", "U+0000")]
    [InlineData("30 05 0003 612F23", "wildcard")]
    [InlineData("30 02 0000", "empty topic")]
    [InlineData("90 02 0001", "no return codes")]
    [InlineData("90 03 0001 03", "invalid return code")]
    [InlineData("D0 01 00", "unexpected bytes")]
    public void Malformed_311_input_is_a_decode_error_naming_the_problem(string hex, string expected)
    {
        var result = V311.Decode(Hex(hex));

        Assert.Equal(MqttDecodeStatus.Error, result.Status);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("F0 00", "AUTH")]
    [InlineData("20 05 00 00 02 FF 00", "unknown property identifier 0xFF")]
    [InlineData("20 06 00 00 03 21 0000", "Receive Maximum 0")]
    [InlineData("20 05 00 00 05 21 00", "truncated")]
    [InlineData("20 03 00 00 05", "truncated")]
    [InlineData("20 07 00 00 04 1F 0001 FF", "not valid UTF-8")]
    [InlineData("30 09 0003 612F62 03 230001", "topic alias")]
    [InlineData("20 07 00 00 FF FF FF FF 7F", "longer than 4 bytes")]
    public void Malformed_5_input_is_a_decode_error_naming_the_problem(string hex, string expected)
    {
        var result = V5.Decode(Hex(hex));

        Assert.Equal(MqttDecodeStatus.Error, result.Status);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packet_larger_than_the_maximum_is_refused_from_its_header_alone()
    {
        var reader = new MqttPacketReader(MqttProtocolVersion.V311, maxPacketSize: 1000);

        var justFits = reader.Decode(Hex("30 E5 07")); // 997-byte body + 3-byte header = 1000
        var tooLarge = reader.Decode(Hex("30 E6 07")); // 998 + 3 = 1001, only the header has arrived

        Assert.Equal((MqttDecodeStatus.Incomplete, 1000), (justFits.Status, justFits.FrameLength));
        Assert.Equal(MqttDecodeStatus.Error, tooLarge.Status);
        Assert.Contains("exceeds the maximum packet size of 1000 bytes", tooLarge.Error, StringComparison.Ordinal);
    }

    private static T Decoded<T>(MqttPacketReader reader, byte[] bytes)
        where T : MqttPacket
    {
        var result = reader.Decode(bytes);
        Assert.True(result.Status == MqttDecodeStatus.Packet, result.Error);
        Assert.Equal(bytes.Length, result.Consumed);
        return Assert.IsType<T>(result.Packet);
    }

    private static string Text(PublishPacket packet) => Encoding.UTF8.GetString(packet.Payload.Span);
}
