using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Events;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Tests.Support;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

/// <summary>Trouble events, self-tests, heartbeat health and test alarms, through the real broker and its ACL.</summary>
public sealed class PostHealthTests : IntakeFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_trouble_event_is_acknowledged_only_once_stored_and_a_resend_is_stored_once_and_acknowledged_again()
    {
        var storedWhenAcknowledged = new ConcurrentQueue<bool>();
        Post.OnEventAck = ack =>
        {
            var stored = App.Services.GetRequiredService<IEventStore>().ListAsync(PostId, 10, CancellationToken.None).GetAwaiter().GetResult();
            storedWhenAcknowledged.Enqueue(stored.Any(e => e.EventId == ack.EventId));
        };

        await Post.PublishAsync(Topics.Event(PostId), Event(17, TroubleType.Tamper, active: true));
        await Eventually.WaitUntilAsync(() => Post.EventAcks.Count == 1, Deadline, "the event is acknowledged", Ct);
        await Post.PublishAsync(Topics.Event(PostId), Event(17, TroubleType.Tamper, active: true));
        await Eventually.WaitUntilAsync(() => Post.EventAcks.Count == 2, Deadline, "the re-sent event is acknowledged again", Ct);

        Assert.All(Post.EventAcks, ack => Assert.Equal(17, ack.EventId));
        Assert.Equal([true, true], storedWhenAcknowledged);
        var listed = Assert.Single((await ApiAsync($"/api/posts/{PostId}/events")).EnumerateArray());
        Assert.Equal((17L, "tamper", true, 5301200L), (listed.GetProperty("eventId").GetInt64(), listed.GetProperty("type").GetString(), listed.GetProperty("active").GetBoolean(), listed.GetProperty("uptimeMs").GetInt64()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("at").ValueKind);
        Assert.Contains(App.Logs.Entries, e => e.Message == "Post MHC-001 trouble tamper raised (event 17)");
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_restore_closes_the_trouble_in_the_posts_view_and_events_count_in_event_id_order_not_arrival_order()
    {
        await Post.PublishAsync(Topics.Event(PostId), Event(17, TroubleType.Tamper, active: true));
        await Post.PublishAsync(Topics.Event(PostId), Event(18, TroubleType.Mains, active: true));
        await Eventually.WaitUntilAsync(() => Post.EventAcks.Count == 2, Deadline, "both troubles are acknowledged", Ct);
        Assert.Equal(["tamper", "mains"], await OpenTroublesAsync(PostId));

        await Post.PublishAsync(Topics.Event(PostId), Event(19, TroubleType.Tamper, active: false));

        // The restore of a battery trouble arrives before its raise (two events in flight, shared gateways).
        await Post.PublishAsync(Topics.Event(PostId), Event(21, TroubleType.BatteryLow, active: false));
        await Post.PublishAsync(Topics.Event(PostId), Event(20, TroubleType.BatteryLow, active: true));
        await Eventually.WaitUntilAsync(() => Post.EventAcks.Count == 5, Deadline, "every event is acknowledged", Ct);

        Assert.Equal(["mains"], await OpenTroublesAsync(PostId));
        var view = PostView(await ApiAsync("/api/posts"), PostId);
        var open = Assert.Single(view.GetProperty("openTroubles").EnumerateArray());
        Assert.Equal(18, open.GetProperty("eventId").GetInt64());
        Assert.Empty(PostView(await ApiAsync("/api/posts"), "BKK-001").GetProperty("openTroubles").EnumerateArray());
        var events = (await ApiAsync($"/api/posts/{PostId}/events")).EnumerateArray().Select(e => e.GetProperty("eventId").GetInt64());
        Assert.Equal([21L, 20, 19, 18, 17], events);
        Assert.Equal([21L, 20], (await ApiAsync($"/api/posts/{PostId}/events?limit=2")).EnumerateArray().Select(e => e.GetProperty("eventId").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/posts/ZZZ-999/events", Ct)).StatusCode);
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task An_event_that_is_malformed_or_from_an_unknown_post_is_rejected_and_never_acknowledged()
    {
        await using var tester = await ConnectAsGatewayUserAsync();
        await tester.PublishAsync(Topics.Event("ZZZ-999"), TestKeys.Sign("ZZZ-999", Topics.Event("ZZZ-999"), Event(1, TroubleType.Mains, active: true)), ct: Ct);
        await Post.PublishAsync(Topics.Event(PostId), """{"v":1,"eventId":2,"type":"","active":true,"uptimeMs":5,"at":null}"""u8.ToArray());
        await Post.PublishAsync(Topics.Event(PostId), Event(3, TroubleType.Lamp, active: true));

        // Same publisher, in order: once event 3 is acknowledged, event 2 has been handled.
        await Eventually.WaitUntilAsync(() => Post.EventAcks.Any(a => a.EventId == 3), Deadline, "the valid event is acknowledged", Ct);
        await Eventually.WaitUntilAsync(
            async () => Rejects(await ApiAsync("/api/stats")).Count == 2, Deadline, "both bad events are counted", Ct);

        Assert.Equal(new Dictionary<string, long> { [RejectReason.UnknownPost] = 1, [RejectReason.BadField] = 1 }, Rejects(await ApiAsync("/api/stats")));
        Assert.Equal([3L], Post.EventAcks.Select(a => a.EventId));
        Assert.Equal(["lamp"], await OpenTroublesAsync(PostId));
    }

    [Fact]
    public async Task A_self_test_asked_for_through_the_api_reaches_the_post_and_its_report_shows_as_the_posts_latest()
    {
        using var technician = await App.LoggedInClientAsync(TestUsers.Technician);
        using var started = await technician.PostAsync($"/api/posts/{PostId}/selftest", content: null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var commandId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await Eventually.WaitUntilAsync(() => Post.Commands.Any(c => c.Id == commandId), Deadline, "the post gets the command", Ct);
        Assert.Equal(CommandMessage.SelfTest, Post.Commands.Single().Command);

        var passed = PayloadCodec.Encode(new SelfTestMessage
        {
            Id = commandId,
            Trigger = SelfTestTrigger.Command,
            Ok = true,
            Lamp = SelfTestOutcome.Pass,
            Camera = SelfTestOutcome.Pass,
            Link = SelfTestOutcome.Pass,
            Storage = SelfTestOutcome.Pass,
            LinkRttMs = 45,
            UptimeMs = 5400120,
            At = new DateTime(2026, 11, 22, 3, 18, 28, 121, DateTimeKind.Utc),
        });
        await Post.PublishAsync(Topics.SelfTest(PostId), passed);
        await Eventually.WaitUntilAsync(async () => LatestSelfTest(await ApiAsync("/api/posts")) is { ValueKind: JsonValueKind.Object }, Deadline, "the report shows", Ct);

        var latest = LatestSelfTest(await ApiAsync("/api/posts"));
        Assert.Equal((commandId, "command", true, 45L), (latest.GetProperty("id").GetString(), latest.GetProperty("trigger").GetString(), latest.GetProperty("ok").GetBoolean(), latest.GetProperty("linkRttMs").GetInt64()));
        Assert.Equal("2026-11-22T03:18:28.121Z", latest.GetProperty("at").GetString());

        // Delivered twice (QoS 1), then a technician's button test that fails.
        await Post.PublishAsync(Topics.SelfTest(PostId), passed);
        var failed = new SelfTestMessage { Id = "b-812400", Trigger = SelfTestTrigger.Button, Lamp = SelfTestOutcome.Fail, Camera = SelfTestOutcome.Pass, Link = SelfTestOutcome.Fail, Storage = SelfTestOutcome.Pass, UptimeMs = 842400 };
        await Post.PublishAsync(Topics.SelfTest(PostId), PayloadCodec.Encode(failed));
        await Eventually.WaitUntilAsync(async () => LatestSelfTest(await ApiAsync("/api/posts")).GetProperty("id").GetString() == "b-812400", Deadline, "the button test is the latest", Ct);

        latest = LatestSelfTest(await ApiAsync("/api/posts"));
        Assert.Equal((false, "fail", JsonValueKind.Null), (latest.GetProperty("ok").GetBoolean(), latest.GetProperty("lamp").GetString(), latest.GetProperty("linkRttMs").ValueKind));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM selftests"));
        Assert.Equal(JsonValueKind.Null, PostView(await ApiAsync("/api/posts"), "BKK-001").GetProperty("latestSelfTest").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await technician.PostAsync("/api/posts/ZZZ-999/selftest", content: null, Ct)).StatusCode);
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Heartbeat_health_and_config_hash_show_in_the_posts_view_and_a_status_keeps_the_health()
    {
        var heartbeat = Heartbeat(uptimeMs: 60912);
        heartbeat.Link = LinkType.Ethernet;
        heartbeat.RssiDbm = HeartbeatMessage.NoRssi;
        heartbeat.MainsPresent = false;
        heartbeat.BatteryMv = 12650;
        heartbeat.Tamper = true;
        heartbeat.Lamp = LampHealth.Unknown;
        heartbeat.FreeMemoryBytes = 58112;
        heartbeat.LastReset = ResetReason.Brownout;
        heartbeat.Outbox = 2;
        await Post.PublishAsync(Topics.Heartbeat(PostId), PayloadCodec.Encode(heartbeat));
        await Eventually.WaitUntilAsync(async () => PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").ValueKind == JsonValueKind.Object, Deadline, "the health shows", Ct);

        var view = PostView(await ApiAsync("/api/posts"), PostId);
        var health = view.GetProperty("health");
        Assert.Equal(("ethernet", JsonValueKind.Null, false, 12650), (health.GetProperty("link").GetString(), health.GetProperty("rssiDbm").ValueKind, health.GetProperty("mainsPresent").GetBoolean(), health.GetProperty("batteryMv").GetInt32()));
        Assert.Equal((true, "unknown", 58112L), (health.GetProperty("tamper").GetBoolean(), health.GetProperty("lamp").GetString(), health.GetProperty("freeMemoryBytes").GetInt64()));
        Assert.Equal(("brownout", 2), (health.GetProperty("resetReason").GetString(), health.GetProperty("outbox").GetInt32()));
        Assert.Equal(("3f2a9c41", true), (view.GetProperty("configHash").GetString(), view.GetProperty("online").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, PostView(await ApiAsync("/api/posts"), "BKK-001").GetProperty("health").ValueKind);

        await Post.PublishAsync(Topics.Status(PostId), Online(uptimeMs: 70000, configHash: "0badcafe"));
        await Eventually.WaitUntilAsync(async () => PostView(await ApiAsync("/api/posts"), PostId).GetProperty("configHash").GetString() == "0badcafe", Deadline, "the new config hash shows", Ct);
        Assert.Equal("ethernet", PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").GetProperty("link").GetString());

        heartbeat.Link = LinkType.Wifi;
        heartbeat.RssiDbm = -71;
        await Post.PublishAsync(Topics.Heartbeat(PostId), PayloadCodec.Encode(heartbeat));
        await Eventually.WaitUntilAsync(async () => PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").GetProperty("link").GetString() == "wifi", Deadline, "the next heartbeat replaces the health", Ct);
        Assert.Equal(-71, PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").GetProperty("rssiDbm").GetInt32());
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task The_count_of_gateway_messages_a_post_refused_shows_in_the_posts_view()
    {
        // Posts before signed replies send no count: the view says null, not 0.
        await Post.PublishAsync(Topics.Heartbeat(PostId), PayloadCodec.Encode(Heartbeat(uptimeMs: 60000)));
        await Eventually.WaitUntilAsync(async () => PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").ValueKind == JsonValueKind.Object, Deadline, "the health shows", Ct);
        Assert.Equal(JsonValueKind.Null, PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").GetProperty("refused").ValueKind);

        var heartbeat = Heartbeat(uptimeMs: 120000);
        heartbeat.Refused = 3;
        await Post.PublishAsync(Topics.Heartbeat(PostId), PayloadCodec.Encode(heartbeat));

        await Eventually.WaitUntilAsync(
            async () => PostView(await ApiAsync("/api/posts"), PostId).GetProperty("health").GetProperty("refused") is { ValueKind: JsonValueKind.Number } refused && refused.GetInt64() == 3,
            Deadline,
            "the post's 3 refused gateway messages show",
            Ct);
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_test_alarm_is_stored_answered_and_shown_as_a_test_but_never_forwarded_to_the_webhook()
    {
        var test = new AlarmMessage { AlarmId = 43, Test = true, UptimeMs = 5400075, Snapshot = true };
        await Post.PublishAsync(Topics.Alarm(PostId), PayloadCodec.Encode(test));
        await Eventually.WaitUntilAsync(() => Post.HasState(43, AlarmState.Received), Deadline, "the test alarm is answered received", Ct);
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(44));
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count == 1, Deadline, "the real alarm is forwarded", Ct);

        var relay = App.Services.GetRequiredService<DispatchRelay>();
        var passes = relay.CompletedPasses;
        App.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => relay.CompletedPasses >= passes + 2, Deadline, "the relay makes two more passes", Ct);

        using var forwarded = JsonDocument.Parse(Assert.Single(Webhook.Requests).Body);
        Assert.Equal(44, forwarded.RootElement.GetProperty("alarmId").GetInt64());
        var listed = await AlarmAsync(43);
        Assert.True(listed.GetProperty("test").GetBoolean());
        Assert.Equal("received", listed.GetProperty("state").GetString());
        Assert.Empty(listed.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM dispatch_outbox"));
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_post_may_publish_its_own_events_and_self_tests_and_read_its_own_event_acks_but_not_another_posts()
    {
        // MQTT 5, so the broker says when it refuses a publish (3.1.1 drops it silently). Same user, own client id.
        var received = new ConcurrentQueue<string>();
        await using var post = new MqttClient(new MqttClientOptions
        {
            Host = Broker.Host,
            Port = Broker.Port,
            ClientId = PostId + "-acl",
            UserName = PostId,
            Password = PostPassword,
            ProtocolVersion = MqttProtocolVersion.V500,
        });
        post.MessageReceived = (message, _) =>
        {
            received.Enqueue(message.Topic);
            return Task.CompletedTask;
        };
        await post.ConnectAsync(Ct);
        await post.SubscribeAsync(Topics.EventAck(PostId), MqttQos.AtLeastOnce, Ct);

        // Mosquitto grants a subscription to another post's topic and enforces the read ACL on delivery (below).
        await post.SubscribeAsync(Topics.EventAck("BKK-001"), MqttQos.AtLeastOnce, Ct);

        await post.PublishAsync(Topics.Event(PostId), TestKeys.Sign(PostId, Topics.Event(PostId), Event(30, TroubleType.StuckButton, active: true)), ct: Ct);
        await post.PublishAsync(Topics.SelfTest(PostId), TestKeys.Sign(PostId, Topics.SelfTest(PostId), PayloadCodec.Encode(new SelfTestMessage { Id = "b-1", Trigger = SelfTestTrigger.Button, UptimeMs = 1 })), ct: Ct);
        Assert.Equal(135, (await Assert.ThrowsAsync<MqttPublishRejectedException>(() => post.PublishAsync(Topics.Event("BKK-001"), Event(31, TroubleType.Tamper, active: true), ct: Ct))).ReasonCode);
        Assert.Equal(135, (await Assert.ThrowsAsync<MqttPublishRejectedException>(() => post.PublishAsync(Topics.SelfTest("BKK-001"), PayloadCodec.Encode(new SelfTestMessage { Id = "b-2" }), ct: Ct))).ReasonCode);

        await Eventually.WaitUntilAsync(() => received.Contains(Topics.EventAck(PostId)), Deadline, "the post reads the acknowledgement of its own event", Ct);
        await Eventually.WaitUntilAsync(async () => LatestSelfTest(await ApiAsync("/api/posts")) is { ValueKind: JsonValueKind.Object }, Deadline, "its self-test report is stored", Ct);

        // From one publisher in order: once the second acknowledgement is here, the first would have been too.
        await using var gateway = await ConnectAsGatewayUserAsync();
        await gateway.PublishAsync(Topics.EventAck("BKK-001"), PayloadCodec.Encode(new EventAckMessage { EventId = 98 }), MqttQos.AtLeastOnce, ct: Ct);
        await gateway.PublishAsync(Topics.EventAck(PostId), PayloadCodec.Encode(new EventAckMessage { EventId = 99 }), MqttQos.AtLeastOnce, ct: Ct);
        await Eventually.WaitUntilAsync(() => received.Count(t => t == Topics.EventAck(PostId)) == 2, Deadline, "the marker acknowledgement arrives", Ct);

        Assert.DoesNotContain(Topics.EventAck("BKK-001"), received);
        Assert.Empty((await ApiAsync("/api/posts/BKK-001/events")).EnumerateArray());
        Assert.Equal(["stuck-button"], await OpenTroublesAsync(PostId));
    }

    private async Task<string[]> OpenTroublesAsync(string postId) =>
        [.. PostView(await ApiAsync("/api/posts"), postId).GetProperty("openTroubles").EnumerateArray().Select(t => t.GetProperty("type").GetString()!)];

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await App.Services.GetRequiredService<SqliteDatabase>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static JsonElement LatestSelfTest(JsonElement posts) => PostView(posts, PostId).GetProperty("latestSelfTest");

    private static JsonElement PostView(JsonElement posts, string postId) => posts.EnumerateArray().Single(p => p.GetProperty("id").GetString() == postId);

    private static Dictionary<string, long> Rejects(JsonElement stats) =>
        stats.GetProperty("intake").GetProperty("rejects").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
