using System.Text;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

public sealed class LastWillTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncDisposable
{
    private const string StatusTopic = $"sos/v1/{BrokerFixture.PostId}/status";

    private readonly TestClients _clients = new(fixture.Broker, output);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Last_will_is_delivered_when_the_connection_drops_without_disconnect(MqttProtocolVersion version)
    {
        var watcher = await WatchStatusAsync();
        var post = _clients.Create(PostOptions(version, $"offline {version}"));
        await post.ConnectAsync(Ct);

        post.AbortConnection();

        await watcher.WaitForTextAsync($"offline {version}");
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Last_will_is_not_delivered_after_a_clean_disconnect(MqttProtocolVersion version)
    {
        var watcher = await WatchStatusAsync();
        var options = PostOptions(version, $"should not appear {version}");
        var post = _clients.Create(options);
        await post.ConnectAsync(Ct);

        await post.DisconnectAsync(Ct);

        // Once the broker has handled the disconnect, a will would already be queued ahead of this marker.
        await Eventually.WaitUntilAsync(
            () => fixture.Broker.LogText().Contains($"Client {options.ClientId} disconnected.", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the broker logs the clean disconnect",
            Ct);
        var gateway = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword));
        await gateway.ConnectAsync(Ct);
        await gateway.PublishAsync(StatusTopic, "marker"u8.ToArray(), ct: Ct).Within();
        await watcher.WaitForTextAsync("marker");
        Assert.Equal(["marker"], watcher.Texts);
        Assert.False(post.IsConnected);
    }

    [Fact]
    public async Task A_will_set_while_connected_is_the_one_the_next_connection_registers()
    {
        // A post signs a fresh will for every connection, so a will the broker published is never registered again.
        var watcher = await WatchStatusAsync();
        var options = PostOptions(MqttProtocolVersion.V311, "first will");
        var post = _clients.Create(new MqttClientOptions
        {
            Host = options.Host, Port = options.Port, ClientId = options.ClientId, UserName = options.UserName, Password = options.Password,
            LastWill = options.LastWill, ReconnectMinDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        });
        await post.ConnectAsync(Ct);
        post.SetLastWill(new MqttLastWill(StatusTopic, "second will"u8.ToArray(), MqttQos.AtLeastOnce, Retain: false));

        post.AbortConnection();
        await watcher.WaitForTextAsync("first will");
        await Eventually.WaitUntilAsync(() => post.IsConnected, TimeSpan.FromSeconds(10), "the client reconnects", Ct);
        post.AbortConnection();

        await watcher.WaitForTextAsync("second will");
        Assert.Equal(["first will", "second will"], watcher.Texts);
    }

    public async ValueTask DisposeAsync() => await _clients.DisposeAsync();

    private MqttClientOptions PostOptions(MqttProtocolVersion version, string will)
    {
        var options = _clients.Options(BrokerFixture.PostId, fixture.PostPassword, version);
        return new MqttClientOptions
        {
            Host = options.Host, Port = options.Port, ClientId = options.ClientId, UserName = options.UserName, Password = options.Password,
            ProtocolVersion = version,
            AutoReconnect = false,
            LastWill = new MqttLastWill(StatusTopic, Encoding.UTF8.GetBytes(will), MqttQos.AtLeastOnce, Retain: false),
        };
    }

    private async Task<MessageCollector> WatchStatusAsync()
    {
        var watcher = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword));
        var collector = new MessageCollector(watcher);
        await watcher.ConnectAsync(Ct);
        await watcher.SubscribeAsync(StatusTopic, MqttQos.AtLeastOnce, Ct);
        return collector;
    }
}
