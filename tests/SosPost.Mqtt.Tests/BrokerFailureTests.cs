using System.Text;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

/// <summary>Freezes, kills and restarts Mosquitto, so each test gets its own broker rather than a shared fixture.</summary>
public sealed class BrokerFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _password = TestSecrets.NewPassword();
    private MosquittoBroker _broker = null!;
    private TestClients _clients = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions().AddUser(BrokerFixture.Gateway, _password), Ct);
        _clients = new TestClients(_broker, output);
    }

    [Fact]
    public async Task Keepalive_pings_keep_an_idle_connection_open()
    {
        var options = Options(keepAlive: TimeSpan.FromSeconds(1));
        var client = _clients.Create(options);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync(Ct);

        // Mosquitto drops a client that is silent for 1.5 keepalive periods; three pings span more than that.
        await Eventually.WaitUntilAsync(
            () => CountInLog($"Received PINGREQ from {options.ClientId}") >= 3, TimeSpan.FromSeconds(10), "three pings reached the broker", Ct);

        Assert.True(client.IsConnected);
        Assert.Equal([true], events.All);
        Assert.Equal(0, CountInLog("exceeded timeout"));
    }

    [Fact]
    public async Task Unanswered_ping_from_a_frozen_broker_is_detected_and_the_client_reconnects_when_it_resumes()
    {
        var client = _clients.Create(Options(keepAlive: TimeSpan.FromSeconds(1), pingTimeout: TimeSpan.FromSeconds(1)));
        var events = new ConnectionEvents(client);
        await client.ConnectAsync(Ct);

        await _broker.PauseAsync(Ct);
        try
        {
            await Eventually.WaitUntilAsync(() => events.Losses == 1, TimeSpan.FromSeconds(10), "the client noticed the frozen broker", Ct);
            Assert.Contains(
                _clients.LogOf(client).Entries,
                e => e.Message.Contains("no answer from the broker within 1 s after PINGREQ", StringComparison.Ordinal));
        }
        finally
        {
            await _broker.ResumeAsync(Ct);
        }

        await Eventually.WaitUntilAsync(() => client.IsConnected, TimeSpan.FromSeconds(15), "the client reconnected after the broker resumed", Ct);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task In_flight_window_bounds_outstanding_publishes_while_the_broker_is_frozen(MqttProtocolVersion version)
    {
        var subscriber = _clients.Create(Options(version));
        var received = new MessageCollector(subscriber);
        await subscriber.ConnectAsync(Ct);
        await subscriber.SubscribeAsync("sos/v1/window/alarm", MqttQos.AtLeastOnce, Ct);
        var publisher = _clients.Create(Options(version, maxInFlight: 4));
        await publisher.ConnectAsync(Ct);

        await _broker.PauseAsync(Ct);
        List<Task> publishes;
        try
        {
            publishes = [.. Enumerable.Range(0, 5).Select(i => publisher.PublishAsync("sos/v1/window/alarm", Encoding.UTF8.GetBytes($"m{i}"), ct: Ct))];
            await Eventually.WaitUntilAsync(
                () => publisher.InFlightCount == 4 && publisher.WaitingForWindowCount == 1,
                TimeSpan.FromSeconds(10),
                "four publishes are in flight and the fifth waits for a slot",
                Ct);
            Assert.DoesNotContain(publishes, p => p.IsCompleted);
        }
        finally
        {
            await _broker.ResumeAsync(Ct);
        }

        await Task.WhenAll(publishes).Within();
        await received.WaitForCountAsync(5, "messages after the broker resumed");
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], received.Texts.Order());
    }

    [Fact]
    public async Task Mqtt5_server_receive_maximum_narrows_the_window()
    {
        await using var broker = await MosquittoBroker.StartAsync(
            new MosquittoBrokerOptions { ExtraConfig = ["max_inflight_messages 2"] }.AddUser(BrokerFixture.Gateway, _password), Ct);
        await using var clients = new TestClients(broker, output);
        var publisher = clients.Create(clients.Options(BrokerFixture.Gateway, _password, MqttProtocolVersion.V500));
        await publisher.ConnectAsync(Ct);

        await broker.PauseAsync(Ct);
        List<Task> publishes;
        try
        {
            publishes = [.. Enumerable.Range(0, 3).Select(i => publisher.PublishAsync("sos/v1/narrow/alarm", new[] { (byte)i }, ct: Ct))];
            await Eventually.WaitUntilAsync(
                () => publisher.InFlightCount == 2 && publisher.WaitingForWindowCount == 1,
                TimeSpan.FromSeconds(10),
                "the broker's Receive Maximum of 2 limits the window",
                Ct);
        }
        finally
        {
            await broker.ResumeAsync(Ct);
        }

        await Task.WhenAll(publishes).Within();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Client_reconnects_after_a_broker_crash_and_renews_its_subscriptions(MqttProtocolVersion version)
    {
        var subscriber = _clients.Create(Options(version));
        var received = new MessageCollector(subscriber);
        var events = new ConnectionEvents(subscriber);
        await subscriber.ConnectAsync(Ct);
        await subscriber.SubscribeAsync("sos/v1/renew/alarm", MqttQos.AtLeastOnce, Ct);
        var publisher = _clients.Create(Options(version));
        await publisher.ConnectAsync(Ct);

        await _broker.KillAsync(Ct);
        await _broker.RestartAsync(Ct);

        await Eventually.WaitUntilAsync(() => events.Connects == 2 && publisher.IsConnected, TimeSpan.FromSeconds(15), "both clients reconnected", Ct);

        // A clean session starts empty: only the client's own re-subscribe can make this arrive.
        var probe = 0;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await publisher.PublishAsync("sos/v1/renew/alarm", Encoding.UTF8.GetBytes($"probe {++probe}"), ct: Ct).Within();
                return received.Messages.Count > 0;
            },
            TimeSpan.FromSeconds(15),
            "a message published after the restart reached the re-subscribed client",
            Ct);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Qos1_publishes_across_a_broker_crash_all_arrive(MqttProtocolVersion version)
    {
        const int total = 50;
        var subscriber = _clients.Create(Options(version, clientId: $"gateway-{version}", cleanSession: false));
        var received = new MessageCollector(subscriber);
        await subscriber.ConnectAsync(Ct);
        await subscriber.SubscribeAsync("sos/v1/crash/alarm", MqttQos.AtLeastOnce, Ct);
        var publisher = _clients.Create(Options(version));
        await publisher.ConnectAsync(Ct);

        // A clean stop saves the subscriber's session, so after the crash it is known even before it reconnects.
        await _broker.StopAsync(Ct);
        await _broker.RestartAsync(Ct);
        await Eventually.WaitUntilAsync(() => subscriber.IsConnected && publisher.IsConnected, TimeSpan.FromSeconds(15), "both clients reconnected", Ct);
        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync("sos/v1/crash/alarm", Encoding.UTF8.GetBytes($"alarm {i}"), ct: Ct).Within();
        }

        await received.WaitForCountAsync(20, "messages before the crash");

        // Written to a frozen broker, so never acknowledged; then the broker dies with them unread.
        await _broker.PauseAsync(Ct);
        var inFlight = Enumerable.Range(20, total - 20).Select(i => publisher.PublishAsync("sos/v1/crash/alarm", Encoding.UTF8.GetBytes($"alarm {i}"), ct: Ct)).ToList();
        await Eventually.WaitUntilAsync(() => publisher.InFlightCount > 0, TimeSpan.FromSeconds(10), "publishes are in flight", Ct);
        await _broker.KillAsync(Ct);
        await _broker.RestartAsync(Ct);

        await Task.WhenAll(inFlight).Within(30);
        await Eventually.WaitUntilAsync(
            () => received.Texts.Distinct().Count() == total, TimeSpan.FromSeconds(30), $"all {total} alarms reached the subscriber", Ct);
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"alarm {i}").Order(), received.Texts.Distinct().Order());
        Assert.Contains("(d1, q1", _broker.LogText(), StringComparison.Ordinal); // the re-sends carried DUP
    }

    [Fact]
    public async Task Without_auto_reconnect_a_lost_connection_fails_the_waiting_publishes()
    {
        var client = _clients.Create(Options(autoReconnect: false));
        var events = new ConnectionEvents(client);
        await client.ConnectAsync(Ct);
        await _broker.PauseAsync(Ct);
        var publishing = client.PublishAsync("sos/v1/noreconnect/alarm", "x"u8.ToArray(), ct: Ct);
        await Eventually.WaitUntilAsync(() => client.InFlightCount == 1, TimeSpan.FromSeconds(5), "the publish is in flight", Ct);

        await _broker.KillAsync(Ct);

        await Assert.ThrowsAsync<MqttNotConnectedException>(() => publishing.Within());
        Assert.Equal([true, false], events.All);
        Assert.Equal(0, client.InFlightCount);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("sos/v1/noreconnect/alarm", "y"u8.ToArray(), ct: Ct));
    }

    [Fact]
    public async Task Disconnect_fails_waiting_publishes_and_stops_reconnecting()
    {
        var client = _clients.Create(Options());
        var events = new ConnectionEvents(client);
        await client.ConnectAsync(Ct);
        await _broker.PauseAsync(Ct);
        Task publishing;
        try
        {
            publishing = client.PublishAsync("sos/v1/disconnect/alarm", "x"u8.ToArray(), ct: Ct);
            await Eventually.WaitUntilAsync(() => client.InFlightCount == 1, TimeSpan.FromSeconds(5), "the publish is in flight", Ct);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            bounded.CancelAfter(TimeSpan.FromSeconds(1));
            await client.DisconnectAsync(bounded.Token); // the frozen broker cannot read the DISCONNECT; it must not hang
        }
        finally
        {
            await _broker.ResumeAsync(Ct);
        }

        await Assert.ThrowsAsync<MqttNotConnectedException>(() => publishing.Within());
        Assert.Equal([true, false], events.All);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_cancelled_publish_gives_back_its_window_slot()
    {
        var client = _clients.Create(Options(maxInFlight: 1));
        await client.ConnectAsync(Ct);
        await _broker.PauseAsync(Ct);
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var first = client.PublishAsync("sos/v1/cancel/alarm", "1"u8.ToArray(), ct: cancel.Token);
            var second = client.PublishAsync("sos/v1/cancel/alarm", "2"u8.ToArray(), ct: Ct);
            await Eventually.WaitUntilAsync(() => client.WaitingForWindowCount == 1, TimeSpan.FromSeconds(5), "the second publish waits", Ct);

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Within());
            await Eventually.WaitUntilAsync(() => client.WaitingForWindowCount == 0, TimeSpan.FromSeconds(5), "the second publish got the slot", Ct);
        }
        finally
        {
            await _broker.ResumeAsync(Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private MqttClientOptions Options(
        MqttProtocolVersion version = MqttProtocolVersion.V311,
        TimeSpan? keepAlive = null,
        TimeSpan? pingTimeout = null,
        int maxInFlight = 32,
        string? clientId = null,
        bool cleanSession = true,
        bool autoReconnect = true)
    {
        var basic = _clients.Options(BrokerFixture.Gateway, _password, version, clientId);
        return new MqttClientOptions
        {
            Host = basic.Host, Port = basic.Port, ClientId = basic.ClientId, UserName = basic.UserName, Password = basic.Password,
            ProtocolVersion = version,
            KeepAlive = keepAlive ?? basic.KeepAlive,
            PingTimeout = pingTimeout,
            MaxInFlight = maxInFlight,
            CleanSession = cleanSession,
            AutoReconnect = autoReconnect,
            ConnectTimeout = basic.ConnectTimeout,
            ReconnectMinDelay = basic.ReconnectMinDelay,
            ReconnectMaxDelay = basic.ReconnectMaxDelay,
        };
    }

    private int CountInLog(string text) => _broker.LogText().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
}
