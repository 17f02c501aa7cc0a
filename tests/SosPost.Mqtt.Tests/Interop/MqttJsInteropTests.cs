using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests.Interop;

/// <summary>MQTT.js, an independent implementation, on the other end in both directions and both protocol versions.</summary>
public sealed class MqttJsInteropTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncDisposable
{
    private static readonly byte[][] Payloads = [[0x00, 0x01, 0xFF], "{\"alarm\":\"pressed\"}"u8.ToArray(), []];

    private readonly TestClients _clients = new(fixture.Broker, output);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Our_qos1_publishes_arrive_byte_exact_at_mqttjs(MqttProtocolVersion version)
    {
        var topic = $"sos/v1/to-mqttjs-{version}/alarm";
        await using var peer = MqttJsPeer.Start(
            fixture.Broker, BrokerFixture.Gateway, fixture.GatewayPassword, version, "--mode", "subscribe", "--topic", topic, "--qos", "1", "--count", "3");
        await Eventually.WaitUntilAsync(() => MqttJsPeer.Has(peer, "subscribed") || peer.HasExited, TimeSpan.FromSeconds(20), "MQTT.js subscribed", Ct);
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version));
        await client.ConnectAsync(Ct);

        foreach (var payload in Payloads)
        {
            await client.PublishAsync(topic, payload, ct: Ct).Within();
        }

        Assert.True(await peer.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct) == 0, peer.ErrorText + string.Join('\n', peer.OutputLines));
        var messages = MqttJsPeer.Events(peer).Where(e => e.GetProperty("event").GetString() == "message").ToList();
        Assert.Equal(Payloads.Select(Convert.ToHexString), messages.Select(m => m.GetProperty("payloadHex").GetString()!.ToUpperInvariant()));
        Assert.All(messages, m => Assert.Equal((topic, 1), (m.GetProperty("topic").GetString(), m.GetProperty("qos").GetInt32())));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Mqttjs_qos1_publishes_arrive_byte_exact_at_our_client(MqttProtocolVersion version)
    {
        var topic = $"sos/v1/from-mqttjs-{version}/alarm";
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version));
        var received = new MessageCollector(client);
        await client.ConnectAsync(Ct);
        await client.SubscribeAsync(topic, MqttQos.AtLeastOnce, Ct);

        await using var peer = MqttJsPeer.Start(
            fixture.Broker, BrokerFixture.Gateway, fixture.GatewayPassword, version,
            "--mode", "publish", "--topic", topic, "--qos", "1", "--payloads", string.Join(',', Payloads.Select(Convert.ToHexString)));

        Assert.True(await peer.WaitForExitAsync(TimeSpan.FromSeconds(20), Ct) == 0, peer.ErrorText + string.Join('\n', peer.OutputLines));
        await received.WaitForCountAsync(3, "MQTT.js messages");
        Assert.Equal(Payloads, received.Messages.Select(m => m.Payload.ToArray()));
        Assert.All(received.Messages, m => Assert.Equal((topic, MqttQos.AtLeastOnce), (m.Topic, m.Qos)));
    }

    public async ValueTask DisposeAsync() => await _clients.DisposeAsync();
}
