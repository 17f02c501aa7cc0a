using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

/// <summary>
/// <see cref="MqttMessage.AcknowledgeWhen"/> seen from the wire: a scripted server sends QoS 1 PUBLISHes and reads
/// exactly which PUBACKs come back, and in which order. To show that nothing was acknowledged up to some point, the
/// client publishes a QoS 0 marker: a PUBACK written before it would reach the server first.
/// </summary>
public sealed class DeferredAcknowledgementTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const string AlarmTopic = "sos/v1/post-17/alarm";
    private const string MarkerTopic = "sos/v1/post-17/marker";

    private readonly FakeMqttServer _server = new();
    private readonly List<(MqttClient Client, RecordingLogger<MqttClient> Log)> _clients = [];
    private readonly HashSet<MqttClient> _errorsExpected = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_AcknowledgeWhen_the_acknowledgement_and_the_next_message_wait_for_the_handler()
    {
        var events = new ConcurrentQueue<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (client, connection, _) = await ConnectAsync(async (message, _) =>
        {
            var text = Text(message);
            events.Enqueue($"begin {text}");
            if (text == "alarm 1")
            {
                await release.Task;
            }

            events.Enqueue($"end {text}");
        });

        await connection.SendAsync(Publish(1, "alarm 1"));
        await connection.SendAsync(Publish(2, "alarm 2"));
        await Eventually.WaitUntilAsync(() => events.Contains("begin alarm 1"), TimeSpan.FromSeconds(10), "the handler got alarm 1", Ct);
        await SendMarkerAsync(client);
        Assert.Equal("PUBLISH marker", await NextAsync(connection));

        release.SetResult();

        Assert.Equal(["PUBACK 1", "PUBACK 2"], await NextAsync(connection, 2));
        Assert.Equal(["begin alarm 1", "end alarm 1", "begin alarm 2", "end alarm 2"], events);
    }

    [Fact]
    public async Task Deferred_message_is_acknowledged_only_when_its_task_completes_while_the_next_message_is_already_handled()
    {
        var handler = new DeferringHandler();
        var stored = handler.Defer("alarm 1");
        var (client, connection, _) = await ConnectAsync(handler.HandleAsync);

        await connection.SendAsync(Publish(1, "alarm 1"));
        await connection.SendAsync(Publish(2, "alarm 2"));

        await handler.WaitForAsync("alarm 1", "alarm 2"); // alarm 2 is handed over although alarm 1 is not taken yet
        await SendMarkerAsync(client);
        Assert.Equal("PUBLISH marker", await NextAsync(connection)); // alarm 1 waits for its task, alarm 2 for alarm 1

        stored.SetResult();

        Assert.Equal(["PUBACK 1", "PUBACK 2"], await NextAsync(connection, 2));
    }

    [Fact]
    public async Task Acknowledgements_leave_in_arrival_order_when_a_later_deferred_message_is_taken_first()
    {
        var handler = new DeferringHandler();
        var first = handler.Defer("alarm 1");
        var second = handler.Defer("alarm 2");
        var (client, connection, _) = await ConnectAsync(handler.HandleAsync);
        for (ushort id = 1; id <= 3; id++)
        {
            await connection.SendAsync(Publish(id, $"alarm {id}"));
        }

        await handler.WaitForAsync("alarm 1", "alarm 2", "alarm 3");

        second.SetResult();
        await SendMarkerAsync(client);
        Assert.Equal("PUBLISH marker", await NextAsync(connection)); // alarm 2 is taken, but alarm 1 is not

        first.SetResult();

        // alarm 3 never deferred, yet it is acknowledged after the two that came before it.
        Assert.Equal(["PUBACK 1", "PUBACK 2", "PUBACK 3"], await NextAsync(connection, 3));
    }

    [Fact]
    public async Task Message_whose_deferred_task_fails_is_acknowledged_anyway_and_the_failure_is_logged()
    {
        var handler = new DeferringHandler();
        var failing = handler.Defer("alarm 1");
        var (client, connection, log) = await ConnectAsync(handler.HandleAsync);
        ExpectErrors(client);
        await connection.SendAsync(Publish(1, "alarm 1"));
        await connection.SendAsync(Publish(2, "alarm 2"));
        await handler.WaitForAsync("alarm 1", "alarm 2");
        await SendMarkerAsync(client);
        Assert.Equal("PUBLISH marker", await NextAsync(connection));

        failing.SetException(new IOException("disk full"));

        Assert.Equal(["PUBACK 1", "PUBACK 2"], await NextAsync(connection, 2));
        var error = Assert.Single(log.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal("disk full", error.Exception?.Message);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Message_whose_deferred_task_is_cancelled_is_not_acknowledged_and_is_taken_when_the_server_sends_it_again()
    {
        var handler = new DeferringHandler();
        var abandoned = handler.Defer("alarm 1");
        var (client, connection, _) = await ConnectAsync(handler.HandleAsync);
        await connection.SendAsync(Publish(1, "alarm 1"));
        await connection.SendAsync(Publish(2, "alarm 2"));
        await handler.WaitForAsync("alarm 1", "alarm 2");

        abandoned.SetCanceled(Ct);

        Assert.Equal("PUBACK 2", await NextAsync(connection)); // the later message is not held up
        await SendMarkerAsync(client);
        Assert.Equal("PUBLISH marker", await NextAsync(connection)); // and no late PUBACK 1 either
        Assert.True(client.IsConnected);

        // As a broker does with a session: the unacknowledged message comes again, with DUP, on the next connection.
        await connection.DisposeAsync();
        var next = await _server.AcceptSessionAsync();
        await next.SendAsync(Publish(1, "alarm 1", dup: true));

        await handler.WaitForAsync("alarm 1", "alarm 2", "alarm 1");
        Assert.Equal("PUBACK 1", await NextAsync(next));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
        var errors = _clients
            .Where(c => !_errorsExpected.Contains(c.Client))
            .SelectMany(c => c.Log.Entries)
            .Where(e => e.Level >= LogLevel.Error)
            .ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Unexpected error log: " + string.Join("\n", errors.Select(e => $"{e.Message} {e.Exception}")));
        }
    }

    private void ExpectErrors(MqttClient client) => _errorsExpected.Add(client);

    /// <summary>A QoS 1 PUBLISH (MQTT 3.1.1) on the alarm topic, as a broker would send it.</summary>
    private static byte[] Publish(ushort packetId, string payload, bool dup = false)
    {
        var topic = Encoding.UTF8.GetBytes(AlarmTopic);
        byte[] body = [(byte)(topic.Length >> 8), (byte)topic.Length, .. topic, (byte)(packetId >> 8), (byte)packetId, .. Encoding.UTF8.GetBytes(payload)];
        return [dup ? (byte)0x3A : (byte)0x32, checked((byte)body.Length), .. body];
    }

    private static string Text(MqttMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    private static Task SendMarkerAsync(MqttClient client) =>
        client.PublishAsync(MarkerTopic, "marker"u8.ToArray(), MqttQos.AtMostOnce, ct: Ct).Within();

    /// <summary>The next packet from the client, described for an assertion: "PUBACK 2", "PUBLISH marker".</summary>
    private static async Task<string> NextAsync(FakeConnection connection)
    {
        var packet = await connection.NextAsync();
        if (packet.Type == 4)
        {
            return $"PUBACK {packet.PacketId}";
        }

        var topicLength = (packet.Body[0] << 8) | packet.Body[1];
        var isMarker = packet.Type == 3 && Encoding.UTF8.GetString(packet.Body, 2, topicLength) == MarkerTopic;
        return isMarker ? "PUBLISH marker" : $"packet type {packet.Type}: {Convert.ToHexString(packet.Body)}";
    }

    private static async Task<IReadOnlyList<string>> NextAsync(FakeConnection connection, int count)
    {
        var packets = new List<string>();
        for (var i = 0; i < count; i++)
        {
            packets.Add(await NextAsync(connection));
        }

        return packets;
    }

    private async Task<(MqttClient Client, FakeConnection Connection, RecordingLogger<MqttClient> Log)> ConnectAsync(
        Func<MqttMessage, CancellationToken, Task> handler)
    {
        var log = new RecordingLogger<MqttClient>(output.WriteLine);
        var client = new MqttClient(_server.Options(), log) { MessageReceived = handler };
        _clients.Add((client, log));
        var connecting = client.ConnectAsync(Ct);
        var connection = await _server.AcceptSessionAsync();
        await connecting.Within();
        return (client, connection, log);
    }
}

/// <summary>
/// The promise <see cref="MqttMessage.AcknowledgeWhen"/> makes to a gateway, against the real Mosquitto: a message
/// whose acknowledgement was still deferred when the connection died is delivered again to the persistent session,
/// and one that was taken is not.
/// </summary>
public sealed class DeferredAcknowledgementBrokerTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncDisposable
{
    private readonly TestClients _clients = new(fixture.Broker, output);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task After_a_crash_the_broker_delivers_again_only_the_message_whose_deferred_acknowledgement_never_happened(MqttProtocolVersion version)
    {
        var clientId = $"deferred-{version}-{Guid.NewGuid():N}"[..30];
        var topic = $"sos/v1/deferred-crash-{version}/alarm";
        var handler = new DeferringHandler();
        var taken = handler.Defer("taken");
        handler.Defer("not taken"); // its store never finishes: the gateway dies first
        var crashing = _clients.Create(PersistentOptions(version, clientId, autoReconnect: false));
        crashing.MessageReceived = handler.HandleAsync;
        await crashing.ConnectAsync(Ct);
        await crashing.SubscribeAsync(topic, MqttQos.AtLeastOnce, Ct);
        var publisher = await ConnectedGatewayAsync(version);
        await publisher.PublishAsync(topic, "taken"u8.ToArray(), ct: Ct).Within();
        await publisher.PublishAsync(topic, "not taken"u8.ToArray(), ct: Ct).Within();
        await handler.WaitForAsync("taken", "not taken");

        taken.SetResult();
        await WaitForPubAcksAsync(clientId, 1);
        crashing.AbortConnection();
        await Eventually.WaitUntilAsync(() => !crashing.IsConnected, TimeSpan.FromSeconds(10), "the connection is dropped", Ct);

        var restarted = _clients.Create(PersistentOptions(version, clientId, autoReconnect: true));
        var received = new MessageCollector(restarted);
        await restarted.ConnectAsync(Ct);
        await received.WaitForTextAsync("not taken");

        // Had "taken" been queued again it would have come before this later message.
        await publisher.PublishAsync(topic, "after restart"u8.ToArray(), ct: Ct).Within();
        await received.WaitForTextAsync("after restart");
        Assert.Equal(["not taken", "after restart"], received.Texts);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task After_an_automatic_reconnect_the_message_delivered_again_is_acknowledged_once_the_old_deferred_task_completes(
        MqttProtocolVersion version)
    {
        var clientId = $"deferred-re-{version}-{Guid.NewGuid():N}"[..30];
        var topic = $"sos/v1/deferred-reconnect-{version}/alarm";
        var handler = new DeferringHandler();
        var slowStore = handler.Defer("alarm"); // only the first delivery defers; the one after reconnecting does not
        var gateway = _clients.Create(PersistentOptions(version, clientId, autoReconnect: true));
        var connections = new ConnectionEvents(gateway);
        gateway.MessageReceived = handler.HandleAsync;
        await gateway.ConnectAsync(Ct);
        await gateway.SubscribeAsync(topic, MqttQos.AtLeastOnce, Ct);
        var publisher = await ConnectedGatewayAsync(version);
        await publisher.PublishAsync(topic, "alarm"u8.ToArray(), ct: Ct).Within();
        await handler.WaitForAsync("alarm");

        gateway.AbortConnection();
        await handler.WaitForAsync("alarm", "alarm"); // the broker sends it again on the new connection

        // The copy is acknowledged in arrival order, after the first delivery: not before the slow store finishes.
        // The broker handles a client's packets in order, so once it acknowledged this probe it would have logged
        // a PUBACK the gateway had sent before it.
        await gateway.PublishAsync($"{topic}/probe", "probe"u8.ToArray(), ct: Ct).Within();
        Assert.Equal(0, CountInLog($"Received PUBACK from {clientId} "));
        slowStore.SetResult();
        await WaitForPubAcksAsync(clientId, 1);
        await publisher.PublishAsync(topic, "next"u8.ToArray(), ct: Ct).Within();
        await handler.WaitForAsync("alarm", "alarm", "next");
        await WaitForPubAcksAsync(clientId, 2);

        // Taken means gone: another crash brings nothing back.
        gateway.AbortConnection();
        await Eventually.WaitUntilAsync(() => connections.Connects == 3, TimeSpan.FromSeconds(10), "the gateway reconnected a second time", Ct);
        await publisher.PublishAsync(topic, "marker"u8.ToArray(), ct: Ct).Within();
        await handler.WaitForAsync("alarm", "alarm", "next", "marker");
    }

    public async ValueTask DisposeAsync() => await _clients.DisposeAsync();

    private Task WaitForPubAcksAsync(string clientId, int count) =>
        Eventually.WaitUntilAsync(
            () => CountInLog($"Received PUBACK from {clientId} ") >= count,
            TimeSpan.FromSeconds(10),
            $"the broker logs {count} PUBACK(s) from {clientId}",
            Ct);

    private int CountInLog(string text) => fixture.Broker.LogText().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    private MqttClientOptions PersistentOptions(MqttProtocolVersion version, string clientId, bool autoReconnect)
    {
        var basic = _clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version, clientId);
        return new MqttClientOptions
        {
            Host = basic.Host, Port = basic.Port, ClientId = clientId, UserName = basic.UserName, Password = basic.Password,
            ProtocolVersion = version, CleanSession = false, AutoReconnect = autoReconnect,
            ConnectTimeout = basic.ConnectTimeout, ReconnectMinDelay = basic.ReconnectMinDelay, ReconnectMaxDelay = basic.ReconnectMaxDelay,
        };
    }

    private async Task<MqttClient> ConnectedGatewayAsync(MqttProtocolVersion version)
    {
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version));
        await client.ConnectAsync(Ct);
        return client;
    }
}

/// <summary>
/// A handler that records each payload and, for the first delivery of a payload the test chose, defers the
/// acknowledgement to a task the test completes, fails or cancels; later deliveries of it are not deferred.
/// </summary>
internal sealed class DeferringHandler
{
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentDictionary<string, Task> _deferrals = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Received => [.. _received];

    public TaskCompletionSource Defer(string payload)
    {
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _deferrals[payload] = taken.Task;
        return taken;
    }

    public Task HandleAsync(MqttMessage message, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetString(message.Payload.Span);
        if (_deferrals.TryRemove(text, out var taken))
        {
            message.AcknowledgeWhen(taken);
        }

        _received.Enqueue(text);
        return Task.CompletedTask;
    }

    /// <summary>Waits until as many messages as expected reached the handler, then checks they are exactly these.</summary>
    public async Task WaitForAsync(params string[] texts)
    {
        await Eventually.WaitUntilAsync(
            () => _received.Count >= texts.Length,
            TimeSpan.FromSeconds(15),
            $"{texts.Length} message(s) reached the handler",
            TestContext.Current.CancellationToken);
        Assert.Equal(texts, Received);
    }
}
