using System.Text;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

public sealed class PublishSubscribeTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncDisposable
{
    private readonly TestClients _clients = new(fixture.Broker, output);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQos.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQos.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQos.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQos.AtLeastOnce)]
    public async Task Published_message_arrives_at_a_subscriber_with_exact_topic_payload_and_qos(MqttProtocolVersion version, MqttQos qos)
    {
        var topic = $"sos/v1/roundtrip-{version}-{qos}/alarm";
        var subscriber = await ConnectedGatewayAsync(version);
        var received = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync(topic, qos, Ct);
        var publisher = await ConnectedGatewayAsync(version);
        byte[] payload = [0x00, 0xFF, .. Encoding.UTF8.GetBytes("{\"alarm\":\"pressed\",\"text\":\"ช่วยด้วย\"}"), 0x0A];

        await publisher.PublishAsync(topic, payload, qos, ct: Ct).Within();

        await received.WaitForCountAsync(1, "messages");
        var message = Assert.Single(received.Messages);
        Assert.Equal((topic, qos, false), (message.Topic, message.Qos, message.Retain));
        Assert.Equal(payload, message.Payload.ToArray());
    }

    [Fact]
    public async Task Qos1_publish_completes_when_the_broker_acknowledges_and_frees_its_window_slot()
    {
        var publisher = await ConnectedGatewayAsync(MqttProtocolVersion.V311);

        await publisher.PublishAsync("sos/v1/acked/alarm", "a"u8.ToArray(), MqttQos.AtLeastOnce, ct: Ct).Within();

        Assert.Equal(0, publisher.InFlightCount);
    }

    [Fact]
    public async Task Retained_message_reaches_a_later_subscriber_flagged_as_retained()
    {
        var publisher = await ConnectedGatewayAsync(MqttProtocolVersion.V311);
        await publisher.PublishAsync("sos/v1/retained/status", "online"u8.ToArray(), retain: true, ct: Ct).Within();
        var subscriber = await ConnectedGatewayAsync(MqttProtocolVersion.V500);
        var received = new MessageCollector(subscriber);

        await subscriber.SubscribeAsync("sos/v1/retained/status", MqttQos.AtLeastOnce, Ct);

        await received.WaitForTextAsync("online");
        Assert.True(received.Messages[0].Retain);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Shared_subscription_splits_messages_between_gateways_and_each_arrives_once(MqttProtocolVersion version)
    {
        var filter = $"$share/gateways-{version}/sos/v1/+/shared-{version}";
        var first = await ConnectedGatewayAsync(version);
        var second = await ConnectedGatewayAsync(version);
        var firstReceived = new MessageCollector(first);
        var secondReceived = new MessageCollector(second);
        await first.SubscribeAsync(filter, MqttQos.AtLeastOnce, Ct);
        await second.SubscribeAsync(filter, MqttQos.AtLeastOnce, Ct);
        var publisher = await ConnectedGatewayAsync(version);

        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync($"sos/v1/post-{i}/shared-{version}", Encoding.UTF8.GetBytes($"m{i}"), ct: Ct).Within();
        }

        await Eventually.WaitUntilAsync(
            () => firstReceived.Messages.Count + secondReceived.Messages.Count >= 20, TimeSpan.FromSeconds(15), "20 shared messages arrived", Ct);
        var all = firstReceived.Texts.Concat(secondReceived.Texts).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}").Order(), all.Order());
        Assert.NotEmpty(firstReceived.Messages);
        Assert.NotEmpty(secondReceived.Messages);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Persistent_session_gets_the_qos1_messages_published_while_it_was_offline(MqttProtocolVersion version)
    {
        var clientId = $"persistent-{version}-{Guid.NewGuid():N}"[..30];
        var topic = $"sos/v1/offline-{version}/alarm";
        var persistent = PersistentOptions(version, clientId);
        var first = _clients.Create(persistent);
        await first.ConnectAsync(Ct);
        await first.SubscribeAsync(topic, MqttQos.AtLeastOnce, Ct);
        await first.DisconnectAsync(Ct);
        var publisher = await ConnectedGatewayAsync(version);
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes($"while offline {i}"), ct: Ct).Within();
        }

        var again = _clients.Create(persistent);
        var received = new MessageCollector(again);
        await again.ConnectAsync(Ct);

        await received.WaitForCountAsync(5, "queued messages");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"while offline {i}"), received.Texts);
    }

    [Fact]
    public async Task Mqtt5_publish_to_a_topic_the_acl_forbids_is_rejected_with_reason_135()
    {
        var post = _clients.Create(_clients.Options(BrokerFixture.PostId, fixture.PostPassword, MqttProtocolVersion.V500));
        await post.ConnectAsync(Ct);

        await post.PublishAsync($"sos/v1/{BrokerFixture.PostId}/alarm", "mine"u8.ToArray(), ct: Ct).Within();
        var error = await Assert.ThrowsAsync<MqttPublishRejectedException>(
            () => post.PublishAsync("sos/v1/post-18/alarm", "not mine"u8.ToArray(), ct: Ct).Within());

        Assert.Equal(135, error.ReasonCode);
        Assert.Contains("not authorized", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, post.InFlightCount);
    }

    [Fact]
    public async Task Mqtt311_publish_to_a_topic_the_acl_forbids_is_acknowledged_but_silently_dropped()
    {
        var gateway = await ConnectedGatewayAsync(MqttProtocolVersion.V311);
        var received = new MessageCollector(gateway);
        await gateway.SubscribeAsync("sos/v1/+/alarm", MqttQos.AtLeastOnce, Ct);
        var post = _clients.Create(_clients.Options(BrokerFixture.PostId, fixture.PostPassword));
        await post.ConnectAsync(Ct);

        await post.PublishAsync("sos/v1/post-18/alarm", "forged"u8.ToArray(), ct: Ct).Within();
        await post.PublishAsync($"sos/v1/{BrokerFixture.PostId}/alarm", "genuine"u8.ToArray(), ct: Ct).Within();

        // Same publisher, same subscriber: had the forged one been delivered, it would have come first.
        await received.WaitForTextAsync("genuine");
        Assert.Equal(["genuine"], received.Texts);
    }

    [Fact]
    public async Task After_unsubscribe_no_more_messages_arrive_for_that_filter()
    {
        var subscriber = await ConnectedGatewayAsync(MqttProtocolVersion.V500);
        var received = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync("sos/v1/unsub/alarm", MqttQos.AtLeastOnce, Ct);
        await subscriber.SubscribeAsync("sos/v1/unsub/marker", MqttQos.AtLeastOnce, Ct);
        var publisher = await ConnectedGatewayAsync(MqttProtocolVersion.V500);

        await subscriber.UnsubscribeAsync("sos/v1/unsub/alarm", Ct).Within();
        await publisher.PublishAsync("sos/v1/unsub/alarm", "after"u8.ToArray(), ct: Ct).Within();
        await publisher.PublishAsync("sos/v1/unsub/marker", "marker"u8.ToArray(), ct: Ct).Within();

        await received.WaitForTextAsync("marker");
        Assert.Equal(["marker"], received.Texts);
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_and_its_messages_are_still_acknowledged()
    {
        // MaxInFlight is also our MQTT 5 Receive Maximum: without acknowledgements the broker would stop after 3.
        var options = GatewayOptions(MqttProtocolVersion.V500);
        var subscriber = _clients.Create(
            new MqttClientOptions
            {
                Host = options.Host, Port = options.Port, ClientId = options.ClientId, UserName = options.UserName, Password = options.Password,
                ProtocolVersion = MqttProtocolVersion.V500, MaxInFlight = 3,
            },
            errorsExpected: true);
        var calls = 0;
        subscriber.MessageReceived = (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("poison message");
        };
        await subscriber.ConnectAsync(Ct);
        await subscriber.SubscribeAsync("sos/v1/poison/alarm", MqttQos.AtLeastOnce, Ct);
        var publisher = await ConnectedGatewayAsync(MqttProtocolVersion.V500);

        for (var i = 0; i < 10; i++)
        {
            await publisher.PublishAsync("sos/v1/poison/alarm", "bad"u8.ToArray(), ct: Ct).Within();
        }

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref calls) == 10, TimeSpan.FromSeconds(15), "all 10 messages reached the handler", Ct);
        Assert.Equal(10, _clients.LogOf(subscriber).Entries.Count(e => e.Exception?.Message == "poison message"));
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task A_handler_can_publish_with_qos1_and_await_it_without_deadlocking()
    {
        var gateway = await ConnectedGatewayAsync(MqttProtocolVersion.V311);
        gateway.MessageReceived = async (message, ct) =>
        {
            if (message.Topic.EndsWith("/alarm", StringComparison.Ordinal))
            {
                await gateway.PublishAsync(message.Topic + "/state", "received"u8.ToArray(), ct: ct);
            }
        };
        await gateway.SubscribeAsync("sos/v1/echo/alarm", MqttQos.AtLeastOnce, Ct);
        var post = await ConnectedGatewayAsync(MqttProtocolVersion.V311);
        var states = new MessageCollector(post);
        await post.SubscribeAsync("sos/v1/echo/alarm/state", MqttQos.AtLeastOnce, Ct);

        for (var i = 0; i < 5; i++)
        {
            await post.PublishAsync("sos/v1/echo/alarm", "pressed"u8.ToArray(), ct: Ct).Within();
        }

        await states.WaitForCountAsync(5, "acknowledgements from the handler");
    }

    public async ValueTask DisposeAsync() => await _clients.DisposeAsync();

    private MqttClientOptions GatewayOptions(MqttProtocolVersion version) => _clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version);

    private MqttClientOptions PersistentOptions(MqttProtocolVersion version, string clientId)
    {
        var options = _clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version, clientId);
        return new MqttClientOptions
        {
            Host = options.Host, Port = options.Port, ClientId = clientId, UserName = options.UserName, Password = options.Password,
            ProtocolVersion = version, CleanSession = false,
        };
    }

    private async Task<MqttClient> ConnectedGatewayAsync(MqttProtocolVersion version)
    {
        var client = _clients.Create(GatewayOptions(version));
        await client.ConnectAsync(Ct);
        return client;
    }
}
