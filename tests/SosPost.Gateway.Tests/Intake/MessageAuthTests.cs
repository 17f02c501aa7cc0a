using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SosPost.Gateway.Intake;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Protocol.Security;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

/// <summary>
/// docs/security.md, "Message authentication": the gateway takes only messages signed with the post's key, each
/// counter once, even from a client that has broker access.
/// </summary>
public sealed class MessageAuthTests : IntakeFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_forged_altered_or_unsigned_alarm_is_rejected_as_bad_mac_counted_and_never_answered()
    {
        var topic = Topics.Alarm(PostId);
        var wrongKey = new MessageAuth(TestKeys.PostKey("BKK-001")).Sign(topic, Alarm(50), TestKeys.NextCounter());
        var altered = Encoding.UTF8.GetString(TestKeys.Sign(PostId, topic, Alarm(51, presses: 1))).Replace("\"presses\":1", "\"presses\":9", StringComparison.Ordinal);
        await Post.PublishRawAsync(topic, wrongKey);
        await Post.PublishRawAsync(topic, Encoding.UTF8.GetBytes(altered));
        await Post.PublishRawAsync(topic, Alarm(52));

        // Same publisher, in order: once the signed alarm is answered, the three before it were handled.
        await Post.PublishAsync(topic, Alarm(53));
        await Eventually.WaitUntilAsync(() => Post.HasState(53, AlarmState.Received), Deadline, "the signed alarm is answered", Ct);
        await Eventually.WaitUntilAsync(async () => Rejects(await ApiAsync("/api/stats")).GetValueOrDefault(RejectReason.BadMac) == 3, Deadline, "three bad-mac rejects", Ct);

        Assert.Equal([53L], Post.States.Select(s => s.AlarmId).Distinct());
        Assert.Equal([53L], (await ApiAsync("/api/alarms")).EnumerateArray().Select(a => a.GetProperty("alarmId").GetInt64()));
        Assert.Contains(App.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Rejected message on sos/v1/MHC-001/alarm from post MHC-001: bad-mac");
        Assert.DoesNotContain(App.Logs.Entries, e => e.Message.Contains(TestKeys.MasterHex, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_signed_alarm_captured_on_the_broker_and_published_again_by_another_client_is_rejected_as_a_replay()
    {
        var captured = await CaptureSignedAlarmAsync(42);

        // An attacker with broker access (here the gateway's own broker user) publishes the captured bytes again.
        await MosquittoPubAsync(Topics.Alarm(PostId), captured);
        await Eventually.WaitUntilAsync(async () => Rejects(await ApiAsync("/api/stats")).GetValueOrDefault(RejectReason.Replay) == 1, Deadline, "the replay is counted", Ct);

        // A re-send by the post itself is a new message with a new counter: taken, deduped, answered again.
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));
        await Eventually.WaitUntilAsync(() => Post.States.Count(s => s.AlarmId == 42) == 2, Deadline, "the post's re-send is answered", Ct);

        Assert.Single((await ApiAsync("/api/alarms")).EnumerateArray());
        Assert.Equal(2, Post.States.Count(s => s.AlarmId == 42));
        Assert.Equal(1L, (await ApiAsync("/api/stats")).GetProperty("intake").GetProperty("rejects").GetProperty(RejectReason.Replay).GetInt64());
    }

    [Fact]
    public async Task A_restarted_gateway_still_rejects_a_replay_of_a_message_taken_before_the_restart()
    {
        var captured = await CaptureSignedAlarmAsync(42);
        var clientId = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MqttOptions>>().Value.ClientId;
        await App.DisposeAsync();

        // The same gateway restarted: same client id, so the broker's session (and its shared subscriptions) is its own.
        await using var restarted = CreateApp(clientId);
        using var api = await restarted.LoggedInClientAsync();
        await Eventually.WaitUntilAsync(
            () => restarted.Logs.Entries.Any(e => e.Message == "Intake subscribed to " + Topics.AllStatus), Deadline, "the restarted gateway has subscribed", Ct);
        await MosquittoPubAsync(Topics.Alarm(PostId), captured);

        await Eventually.WaitUntilAsync(
            () => restarted.Logs.Entries.Any(e => e.Message == "Rejected message on sos/v1/MHC-001/alarm from post MHC-001: replay"), Deadline, "the replay is rejected", Ct);
        var stats = JsonDocument.Parse(await api.GetStringAsync("/api/stats", Ct)).RootElement;
        Assert.Equal(1L, stats.GetProperty("intake").GetProperty("rejects").GetProperty(RejectReason.Replay).GetInt64());
        Assert.Single(Post.States, s => s.AlarmId == 42);
    }

    [Fact]
    public async Task A_last_will_is_taken_once_and_a_recorded_copy_never_even_after_the_post_was_heard_again()
    {
        var topic = Topics.Status(PostId);
        var auth = new MessageAuth(TestKeys.PostKey(PostId));
        var will = auth.Sign(topic, PayloadCodec.Encode(new StatusMessage { Online = false }), TestKeys.NextCounter());
        await Post.PublishAsync(topic, Online(), retain: true);
        await Post.PublishAsync(Topics.Heartbeat(PostId), PayloadCodec.Encode(Heartbeat()));
        await Eventually.WaitUntilAsync(async () => IsOnline(await ApiAsync("/api/posts")) == true, Deadline, "the post is online", Ct);

        // The broker publishes the will after newer messages: its counter is older, and it is taken.
        await MosquittoPubAsync(topic, will);
        await Eventually.WaitUntilAsync(async () => IsOnline(await ApiAsync("/api/posts")) == false, Deadline, "the will marks the post offline", Ct);

        // A recorded copy is a replay, before and after the post was heard again: each connection has a will of its own.
        await MosquittoPubAsync(topic, will);
        await Eventually.WaitUntilAsync(async () => Rejects(await ApiAsync("/api/stats")).GetValueOrDefault(RejectReason.Replay) == 1, Deadline, "the copy is a replay", Ct);
        await Post.PublishAsync(topic, Online(), retain: true);
        await Eventually.WaitUntilAsync(async () => IsOnline(await ApiAsync("/api/posts")) == true, Deadline, "the post is online again", Ct);
        await MosquittoPubAsync(topic, will);
        await Eventually.WaitUntilAsync(async () => Rejects(await ApiAsync("/api/stats")).GetValueOrDefault(RejectReason.Replay) == 2, Deadline, "the copy is a replay again", Ct);
        Assert.Equal(true, IsOnline(await ApiAsync("/api/posts")));

        // The will of the post's next connection, newer than every will taken, is taken.
        var next = auth.Sign(topic, PayloadCodec.Encode(new StatusMessage { Online = false }), TestKeys.NextCounter());
        await MosquittoPubAsync(topic, next);
        await Eventually.WaitUntilAsync(async () => IsOnline(await ApiAsync("/api/posts")) == false, Deadline, "the next will marks the post offline", Ct);
    }

    [Fact]
    public async Task Everything_the_gateway_sends_a_post_is_signed_with_its_key_under_a_new_counter()
    {
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(60));
        await Post.PublishAsync(Topics.Event(PostId), PayloadCodec.Encode(new EventMessage { EventId = 7, Type = TroubleType.Tamper, Active = true, UptimeMs = 100 }));
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(60));
        await Eventually.WaitUntilAsync(() => Post.States.Count(s => s.AlarmId == 60) == 2 && Post.EventAcks.Any(a => a.EventId == 7), Deadline, "both answered", Ct);

        var auth = new MessageAuth(TestKeys.PostKey(PostId));
        var counters = Post.Received.Select(m => auth.Verify(m.Topic, m.Payload, out var counter) ? counter : throw new InvalidOperationException("not signed: " + Encoding.UTF8.GetString(m.Payload))).ToList();
        Assert.Equal(3, counters.Count);
        Assert.Equal(counters.Count, counters.Distinct().Count());
        Assert.False(new MessageAuth(TestKeys.PostKey("BKK-001")).Verify(Post.Received[0].Topic, Post.Received[0].Payload, out _), "under this post's key only");
    }

    // The post publishes a signed alarm; a client subscribed on the broker records its exact bytes.
    private async Task<byte[]> CaptureSignedAlarmAsync(long alarmId)
    {
        var captured = new ConcurrentQueue<byte[]>();
        await using var listener = await ConnectAsGatewayUserAsync();
        listener.MessageReceived = (message, _) =>
        {
            captured.Enqueue(message.Payload.ToArray());
            return Task.CompletedTask;
        };
        await listener.SubscribeAsync(Topics.Alarm(PostId), MqttQos.AtLeastOnce, Ct);
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(alarmId));
        await Eventually.WaitUntilAsync(() => Post.HasState(alarmId, AlarmState.Received) && !captured.IsEmpty, Deadline, "the alarm is answered and captured", Ct);
        var bytes = captured.Single();
        Assert.True(MessageAuth.IsSigned(bytes));
        return bytes;
    }

    private async Task MosquittoPubAsync(string topic, byte[] payload)
    {
        var file = Directory.File("captured-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        await File.WriteAllBytesAsync(file, payload, Ct);
        await ChildProcess.RunAsync(
            "mosquitto_pub",
            ["-h", Broker.Host, "-p", Broker.Port.ToString(CultureInfo.InvariantCulture), "-u", "gateway", "-P", GatewayPassword,
             "-i", "attacker-" + Guid.NewGuid().ToString("N")[..8], "-q", "1", "-t", topic, "-f", file],
            Deadline,
            Ct);
    }

    private static bool? IsOnline(JsonElement posts) =>
        posts.EnumerateArray().Single(p => p.GetProperty("id").GetString() == PostId) is var post && post.TryGetProperty("online", out var online) && online.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? online.GetBoolean()
            : null;

    private static Dictionary<string, long> Rejects(JsonElement stats) =>
        stats.GetProperty("intake").GetProperty("rejects").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
