using System.Globalization;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests.Interop;

/// <summary>Mosquitto's own command-line clients on the other end, in both directions and both protocol versions.</summary>
public sealed class MosquittoClientsInteropTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncDisposable
{
    private readonly TestClients _clients = new(fixture.Broker, output);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Our_publishes_arrive_byte_exact_at_mosquitto_sub(MqttProtocolVersion version)
    {
        var topic = $"sos/v1/to-mosquitto-sub-{version}/alarm";
        var subscriberId = $"mosquitto-sub-{version}-{Guid.NewGuid():N}"[..30];
        byte[][] payloads = [[0x00, 0x7F, 0x80, 0xFF], "{\"alarm\":\"pressed\"}"u8.ToArray(), new byte[3000]];
        await using var sub = ChildProcess.Start(
            "mosquitto_sub",
            [.. Connection(version), "-i", subscriberId, "-t", topic, "-q", "1", "-C", payloads.Length.ToString(CultureInfo.InvariantCulture), "-F", "%x"]);
        await Eventually.WaitUntilAsync(
            () => fixture.Broker.LogText().Contains($"Sending SUBACK to {subscriberId}", StringComparison.Ordinal) || sub.HasExited,
            TimeSpan.FromSeconds(10),
            "mosquitto_sub subscribed",
            Ct);
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version));
        await client.ConnectAsync(Ct);

        await client.PublishAsync(topic, payloads[0], MqttQos.AtMostOnce, ct: Ct);
        await client.PublishAsync(topic, payloads[1], MqttQos.AtLeastOnce, ct: Ct).Within();
        await client.PublishAsync(topic, payloads[2], MqttQos.AtLeastOnce, ct: Ct).Within();

        Assert.True(await sub.WaitForExitAsync(TimeSpan.FromSeconds(15), Ct) == 0, sub.ErrorText);
        Assert.Equal(payloads.Select(p => Convert.ToHexString(p).ToLowerInvariant()), sub.OutputLines);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Mosquitto_pub_messages_arrive_byte_exact_at_our_client(MqttProtocolVersion version)
    {
        var topic = $"sos/v1/from-mosquitto-pub-{version}/alarm";
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version));
        var received = new MessageCollector(client);
        await client.ConnectAsync(Ct);
        await client.SubscribeAsync(topic, MqttQos.AtLeastOnce, Ct);
        var payload = new byte[70_000]; // a 3-byte remaining length
        new Random(7).NextBytes(payload);
        var file = Path.Combine(fixture.Broker.Directory, $"payload-{version}.bin");
        await File.WriteAllBytesAsync(file, payload, Ct);

        await ChildProcess.RunAsync("mosquitto_pub", [.. Connection(version), "-t", topic, "-q", "1", "-f", file], ct: Ct);
        await ChildProcess.RunAsync("mosquitto_pub", [.. Connection(version), "-t", topic, "-q", "0", "-m", "ช่วยด้วย"], ct: Ct);

        await received.WaitForCountAsync(2, "mosquitto_pub messages");
        Assert.Equal(payload, received.Messages[0].Payload.ToArray());
        Assert.Equal(("ช่วยด้วย", MqttQos.AtMostOnce), (received.Texts[1], received.Messages[1].Qos));
    }

    public async ValueTask DisposeAsync() => await _clients.DisposeAsync();

    private string[] Connection(MqttProtocolVersion version) =>
    [
        "-h", fixture.Broker.Host,
        "-p", fixture.Broker.Port.ToString(CultureInfo.InvariantCulture),
        "-u", BrokerFixture.Gateway,
        "-P", fixture.GatewayPassword,
        "-V", version == MqttProtocolVersion.V500 ? "mqttv5" : "mqttv311",
    ];
}
