using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt.Tests.Packets;

/// <summary>
/// Seeded random input, so a failure can be replayed: the decoder must answer every input with a packet, a request
/// for more bytes or its own error, never an exception, and a stream of packets must always make progress.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int Iterations = 20_000;

    [Theory(Timeout = 60_000)]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Random_garbage_only_ever_yields_a_result(MqttProtocolVersion version)
    {
        await Task.Run(
            () =>
            {
                var random = new Random(20261122);
                var reader = new MqttPacketReader(version, 4096);
                for (var i = 0; i < Iterations; i++)
                {
                    var input = new byte[random.Next(0, 80)];
                    random.NextBytes(input);
                    if (input.Length > 1 && random.Next(2) == 0)
                    {
                        input[1] = (byte)random.Next(0, input.Length); // a plausible length reaches the body decoders more often
                    }

                    DecodeAll(reader, input);
                }
            },
            TestContext.Current.CancellationToken);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Valid_packets_with_random_bytes_changed_only_ever_yield_a_result(MqttProtocolVersion version)
    {
        await Task.Run(
            () =>
            {
                var random = new Random(17);
                var samples = PacketSamples.All().Select(s => s.Packet).ToArray();
                var reader = new MqttPacketReader(version, 4096);
                for (var i = 0; i < Iterations; i++)
                {
                    var input = samples[random.Next(samples.Length)].ToArray();
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        input[random.Next(input.Length)] = (byte)random.Next(256);
                    }

                    DecodeAll(reader, input);
                }
            },
            TestContext.Current.CancellationToken);
    }

    /// <summary>Decodes packet after packet like the connection does; each step must consume bytes or stop.</summary>
    private static void DecodeAll(MqttPacketReader reader, byte[] input)
    {
        var offset = 0;
        while (true)
        {
            MqttDecodeResult result;
            try
            {
                result = reader.Decode(input.AsSpan(offset));
            }
            catch (Exception e)
            {
                Assert.Fail($"Decode threw {e.GetType().Name} for {Convert.ToHexString(input[offset..])}: {e.Message}");
                return;
            }

            switch (result.Status)
            {
                case MqttDecodeStatus.Packet:
                    Assert.NotNull(result.Packet);
                    Assert.InRange(result.Consumed, 2, input.Length - offset);
                    offset += result.Consumed;
                    break;
                case MqttDecodeStatus.Error:
                    Assert.False(string.IsNullOrWhiteSpace(result.Error));
                    return;
                default:
                    Assert.Equal(0, result.Consumed);
                    return;
            }
        }
    }
}
