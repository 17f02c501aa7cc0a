using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

public sealed class IntakeTests : IntakeFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_alarm_is_stored_then_answered_received_and_forwarded_with_the_post_location()
    {
        var storedWhenAnswered = new TaskCompletionSource<bool>();
        Post.OnState = state =>
        {
            if (state is { AlarmId: 42, State: AlarmState.Received })
            {
                var stored = App.Services.GetRequiredService<IAlarmStore>().ListAsync(10, CancellationToken.None).GetAwaiter().GetResult();
                storedWhenAnswered.TrySetResult(stored.Any(a => a.Alarm is { PostId: PostId, AlarmId: 42 }));
            }
        };

        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));

        Assert.True(await storedWhenAnswered.Task.WaitAsync(Deadline, Ct), "the alarm was in the store when the post was told received");
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count == 1, Deadline, "the webhook receives the alarm", Ct);
        using var body = JsonDocument.Parse(Webhook.Requests[0].Body);
        var root = body.RootElement;
        Assert.Equal((PostId, 42L), (root.GetProperty("postId").GetString(), root.GetProperty("alarmId").GetInt64()));
        Assert.Equal("2026-11-22T03:15:42.120Z", root.GetProperty("pressedAt").GetString());
        var post = root.GetProperty("post");
        Assert.Equal(13.54756, post.GetProperty("latitude").GetDouble());
        Assert.Equal(100.27351, post.GetProperty("longitude").GetDouble());
        Assert.Equal("Sukhonthawit Rd, Mahachai, Mueang Samut Sakhon, Samut Sakhon 74000", post.GetProperty("address").GetString());
        Assert.Equal("Mueang Samut Sakhon Police Station", post.GetProperty("station").GetString());

        await Eventually.WaitUntilAsync(
            async () => (await AlarmAsync(42)).GetProperty("deliveries")[0].GetProperty("status").GetString() == OutboxStatus.Delivered,
            Deadline,
            "the console shows the delivery as delivered",
            Ct);
        var listed = await AlarmAsync(42);
        Assert.Equal("received", listed.GetProperty("state").GetString());
        Assert.Equal("Mahachai Market north gate", listed.GetProperty("post").GetProperty("name").GetString());
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Bad_messages_are_rejected_and_counted_by_reason_while_the_connection_stays_up()
    {
        var factory = App.Services.GetRequiredService<IMeterFactory>();
        var measured = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "sospost.intake.rejects")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (measured)
            {
                var reason = (string)tags.ToArray().Single(t => t.Key == "reason").Value!;
                measured[reason] = measured.GetValueOrDefault(reason) + value;
            }
        });
        listener.Start();

        await using var tester = await ConnectAsGatewayUserAsync();
        await tester.PublishAsync("sos/v1/mhc-001/alarm", Alarm(1), ct: Ct); // post id not valid
        await tester.PublishAsync(Topics.Alarm("ZZZ-999"), TestKeys.Sign("ZZZ-999", Topics.Alarm("ZZZ-999"), Alarm(1)), ct: Ct); // not in the registry
        await tester.PublishAsync(Topics.Alarm(PostId), TestKeys.Sign(PostId, Topics.Alarm(PostId), Encoding.UTF8.GetBytes("""{"v":1,"alarmId":42,}""")), ct: Ct);
        await tester.PublishAsync(Topics.Alarm(PostId), new byte[ProtocolConstants.MaxPayloadBytes + 1], ct: Ct);
        await tester.PublishAsync(Topics.Heartbeat(PostId), TestKeys.Sign(PostId, Topics.Heartbeat(PostId), Encoding.UTF8.GetBytes("""{"v":2,"uptimeMs":5,"fw":"0.1.0","outbox":0,"at":null}""")), ct: Ct);

        var expected = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [RejectReason.UnknownTopic] = 1,
            [RejectReason.UnknownPost] = 1,
            [RejectReason.NotJson] = 1,
            [RejectReason.TooLarge] = 1,
            [RejectReason.UnsupportedVersion] = 1,
        };
        await Eventually.WaitUntilAsync(async () => Rejects(await ApiAsync("/api/stats")).Count == expected.Count, Deadline, "five rejects are counted", Ct);
        Assert.Equal(expected, Rejects(await ApiAsync("/api/stats")));
        lock (measured)
        {
            Assert.Equal(expected, measured);
        }

        Assert.Contains(App.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Rejected message on sos/v1/ZZZ-999/alarm from post ZZZ-999: unknown-post");

        // The same connection still takes a valid alarm.
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(43));
        await Eventually.WaitUntilAsync(() => Post.HasState(43, AlarmState.Received), Deadline, "the following valid alarm is answered", Ct);
        Assert.Single(App.Logs.Entries, e => e.Message.StartsWith("Connected to the MQTT broker", StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Entries, e => e.Message.StartsWith("Lost the MQTT broker", StringComparison.Ordinal));
        Assert.True((await ApiAsync("/health")).GetProperty("mqttConnected").GetBoolean());
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_resent_alarm_is_recorded_once_answered_again_and_forwarded_once()
    {
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42, presses: 1));
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the alarm is answered", Ct);
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42, presses: 3));
        await Eventually.WaitUntilAsync(() => Post.States.Count(s => s.AlarmId == 42) == 2, Deadline, "the re-sent alarm is answered too", Ct);

        Assert.All(Post.States, s => Assert.Equal(AlarmState.Received, s.State));
        Assert.Single(Post.States.Select(s => s.At).Distinct()); // both answers carry the time it was received
        var alarms = await ApiAsync("/api/alarms");
        var alarm = Assert.Single(alarms.EnumerateArray());
        Assert.Equal(3, alarm.GetProperty("presses").GetInt32());

        var intake = (await ApiAsync("/api/stats")).GetProperty("intake");
        Assert.Equal((1, 1), (intake.GetProperty("newAlarms").GetInt64(), intake.GetProperty("repeatedAlarms").GetInt64()));
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count >= 1, Deadline, "the alarm is forwarded", Ct);
        var relay = App.Services.GetRequiredService<DispatchRelay>();
        var passes = relay.CompletedPasses;
        App.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => relay.CompletedPasses >= passes + 2, Deadline, "the relay makes two more passes", Ct);
        Assert.Single(Webhook.Requests);
    }

    [Fact]
    public async Task Acknowledging_an_alarm_tells_the_post_help_is_coming()
    {
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the alarm is answered", Ct);
        var id = (await AlarmAsync(42)).GetProperty("id").GetInt64();

        var first = await Api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Dispatched), Deadline, "the post is told dispatched", Ct);

        var again = await Api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Eventually.WaitUntilAsync(() => Post.States.Count == 3, Deadline, "a repeated acknowledge tells the post again", Ct);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync($"/api/alarms/{id + 100}/acknowledge", null, Ct)).StatusCode);

        var listed = await AlarmAsync(42);
        Assert.Equal(("dispatched", "dispatcher"), (listed.GetProperty("state").GetString(), listed.GetProperty("dispatchedBy").GetString()));

        // A post that re-sends the alarm now is answered with where it stands.
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));
        await Eventually.WaitUntilAsync(() => Post.States.Count == 4, Deadline, "the re-sent alarm is answered", Ct);
        Assert.All(Post.States.Skip(1), s => Assert.Equal(AlarmState.Dispatched, s.State));
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_dispatched_state_lost_with_a_gateway_restart_is_announced_again_when_the_gateway_reconnects()
    {
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the post is told received", Ct);

        // The dispatcher acknowledges while the broker is away, and the gateway stops before it could tell the post.
        await Broker.KillAsync(Ct);
        var id = (await AlarmAsync(42)).GetProperty("id").GetInt64();
        using (var acknowledged = await Api.PostAsync($"/api/alarms/{id}/acknowledge", content: null, Ct))
        {
            acknowledged.EnsureSuccessStatusCode();
        }

        await App.DisposeAsync();
        await Broker.RestartAsync(Ct);
        Assert.False(Post.HasState(42, AlarmState.Dispatched));

        await using var restarted = CreateApp();
        using var client = await restarted.LoggedInClientAsync();
        await Eventually.WaitUntilAsync(() => Post.Client.IsConnected, Deadline, "the post is back on the broker", Ct);
        await Post.PublishAsync(Topics.Status(PostId), Online(uptimeMs: 1), retain: true);

        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Dispatched), Deadline, "the restarted gateway tells the post help is coming once it is online", Ct);
        restarted.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Status_and_heartbeats_update_the_online_map()
    {
        await Post.PublishAsync(Topics.Status(PostId), Online(uptimeMs: 1200), retain: true);
        await Eventually.WaitUntilAsync(async () => PostView(await ApiAsync("/api/posts")).GetProperty("online").GetBoolean(), Deadline, "the post shows online", Ct);
        await Post.PublishAsync(Topics.Heartbeat(PostId), PayloadCodec.Encode(Heartbeat(uptimeMs: 61200, firmware: "0.1.1")));
        await Eventually.WaitUntilAsync(
            async () => PostView(await ApiAsync("/api/posts")).GetProperty("firmware").GetString() == "0.1.1", Deadline, "the heartbeat's firmware shows", Ct);

        var view = PostView(await ApiAsync("/api/posts"));
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("lastSeen").ValueKind);
        var other = (await ApiAsync("/api/posts")).EnumerateArray().Single(p => p.GetProperty("id").GetString() == "BKK-001");
        Assert.False(other.GetProperty("online").GetBoolean());

        await Post.PublishAsync(Topics.Status(PostId), PayloadCodec.Encode(new StatusMessage { Online = false }), retain: true);
        await Eventually.WaitUntilAsync(async () => !PostView(await ApiAsync("/api/posts")).GetProperty("online").GetBoolean(), Deadline, "the post shows offline", Ct);
    }

    [Fact]
    public async Task A_press_from_a_post_without_clock_is_dated_from_its_reported_uptime()
    {
        await Post.PublishAsync(Topics.Status(PostId), Online(uptimeMs: 6000));
        await Eventually.WaitUntilAsync(async () => PostView(await ApiAsync("/api/posts")).GetProperty("online").GetBoolean(), Deadline, "the post shows online", Ct);
        var before = DateTimeOffset.UtcNow;

        await Post.PublishAsync(Topics.Alarm(PostId), PayloadCodec.Encode(new AlarmMessage { AlarmId = 7, Presses = 1, UptimeMs = 1000 }));
        await Eventually.WaitUntilAsync(() => Post.HasState(7, AlarmState.Received), Deadline, "the alarm is answered", Ct);

        var alarm = await AlarmAsync(7);
        Assert.Equal(JsonValueKind.Null, alarm.GetProperty("pressedAt").ValueKind);
        var estimated = alarm.GetProperty("pressedAtEstimated").GetDateTimeOffset();
        Assert.InRange(estimated, before.AddSeconds(-6), DateTimeOffset.UtcNow.AddSeconds(-5)); // uptime 6 s then, pressed at 1 s
    }

    [Fact]
    public async Task Intake_carries_on_after_the_broker_restarts()
    {
        await Broker.RestartAsync(Ct);
        await Eventually.WaitUntilAsync(
            () => App.Logs.Entries.Count(e => e.Message.StartsWith("Connected to the MQTT broker", StringComparison.Ordinal)) == 2 && Post.Client.IsConnected,
            Deadline,
            "the gateway and the post are connected again",
            Ct);

        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(44));

        await Eventually.WaitUntilAsync(() => Post.HasState(44, AlarmState.Received), Deadline, "an alarm after the restart is answered", Ct);
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count == 1, Deadline, "and forwarded", Ct);
        App.Logs.AssertNoErrors();
    }

    private static JsonElement PostView(JsonElement posts) => posts.EnumerateArray().Single(p => p.GetProperty("id").GetString() == PostId);

    private static Dictionary<string, long> Rejects(JsonElement stats) =>
        stats.GetProperty("intake").GetProperty("rejects").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
