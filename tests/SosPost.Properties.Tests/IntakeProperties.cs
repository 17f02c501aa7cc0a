using FsCheck.Fluent;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Intake;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Tests.Support;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Properties.Tests;

/// <summary>
/// Bad input through the real gateway's intake: every refused message moves the reject counter of exactly its
/// reason, every accepted alarm is stored, and nothing is dropped silently (an error log is a dropped message).
/// Messages go straight to <see cref="AlarmIntake.HandleAsync"/>, as the MQTT client would hand them over.
/// </summary>
public sealed class IntakeProperties
{
    private static readonly string[] IntakeKinds = ["alarm", "heartbeat", "status", "event", "selftest"];

    [Fact]
    public async Task Every_mutated_post_message_is_accepted_or_counted_under_its_reject_reason()
    {
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, GatewaySettings.PayloadsUnsigned);
        var gateway = new Intake(app);
        var seeds = Corpus.ProtocolVectors.Where(v => IntakeKinds.Contains(v.Seed.Format)).ToList();
        Assert.NotEmpty(seeds);
        var perSeed = Math.Max(1, Mutator.PerSeed / 3);
        foreach (var (seed, topic) in seeds)
        {
            foreach (var mutation in Mutator.Mutations(seed, perSeed))
            {
                MqttDecoderProperties.Guard(mutation, () => gateway.AssertHandled(topic, mutation.Bytes));
            }
        }

        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Any_topic_is_accepted_or_counted_as_an_unknown_topic_or_post()
    {
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, GatewaySettings.PayloadsUnsigned);
        var gateway = new Intake(app);
        var alarm = Corpus.ProtocolVectors.First(v => v.Seed.Format == "alarm").Seed.Bytes;
        var levels = Gen.Elements("sos", "v1", "v2", "MHC-001", "mhc-001", "BKK-001", "ZZZ-999", "alarm", "heartbeat", "status", "event", "selftest", "cmd", "state", "ack", "", "+", "#", "$SYS", "\u0e01");
        var topics = (from parts in Gen.NonEmptyListOf(levels) select string.Join('/', parts.Take(6))).Arb();
        PropertyRun.ForAll("intake topics", topics, topic => gateway.AssertHandled(topic, alarm), cases: 400, TimeSpan.FromSeconds(4));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_clockless_alarm_is_stored_even_after_the_post_reported_an_absurd_uptime()
    {
        // Found by the properties: a status or heartbeat with a huge uptime made the press-time estimate overflow,
        // so every later alarm of that post without a press time failed in intake and was never answered.
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, GatewaySettings.PayloadsUnsigned);
        var gateway = new Intake(app);
        gateway.AssertHandled(
            "sos/v1/MHC-001/status",
            PayloadCodec.Encode(new StatusMessage { Online = true, Firmware = "0.1.0", ConfigHash = "3f2a9c41", UptimeMs = long.MaxValue }));
        gateway.AssertHandled("sos/v1/MHC-001/alarm", PayloadCodec.Encode(new AlarmMessage { AlarmId = 7, UptimeMs = 0 }));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public void A_press_time_estimate_is_never_later_than_now_and_never_throws()
    {
        var now = new DateTimeOffset(2026, 11, 22, 3, 15, 42, TimeSpan.Zero);
        var values = (from press in Generators.Long(0, long.MaxValue) from reported in Generators.Long(0, long.MaxValue) from ago in Generators.Long(-1_000_000, 1L << 40)
                      select (press, reported, ago)).Arb();
        PropertyRun.ForAll("press time estimate", values, v =>
        {
            var presence = new PostPresence("MHC-001", true, "0.1.0", now, v.reported, now - TimeSpan.FromMilliseconds(v.ago), "3f2a9c41");
            var estimate = PressTime.Estimate(v.press, presence, now);
            Assert.True(estimate is null || estimate <= now, $"estimate {estimate} is after {now}");
        }, cases: 2000, TimeSpan.FromSeconds(3));
    }

    /// <summary>The gateway's intake, counters and stores, with the oracle of what each message must do.</summary>
    private sealed class Intake(GatewayApp app)
    {
        private readonly AlarmIntake _intake = app.Services.GetRequiredService<AlarmIntake>();
        private readonly IntakeMetrics _metrics = app.Services.GetRequiredService<IntakeMetrics>();
        private readonly IPostRegistry _registry = app.Services.GetRequiredService<IPostRegistry>();
        private readonly IAlarmStore _alarms = app.Services.GetRequiredService<IAlarmStore>();

        public void AssertHandled(string topic, byte[] payload)
        {
            var expected = ExpectedReject(topic, payload, out var alarm, out var postId);
            var before = _metrics.Rejects;
            var errors = app.Logs.Errors.Count;

            _intake.HandleAsync(new MqttMessage(topic, payload, MqttQos.AtLeastOnce, Retain: false), CancellationToken.None).GetAwaiter().GetResult();

            var after = _metrics.Rejects;
            foreach (var reason in before.Keys.Union(after.Keys))
            {
                var moved = after.GetValueOrDefault(reason) - before.GetValueOrDefault(reason);
                Assert.True(moved == (reason == expected ? 1 : 0), $"topic '{topic}': reject counter '{reason}' moved by {moved}; expected a reject for {expected ?? "nothing"}");
            }

            if (expected is not null)
            {
                Assert.Equal(1, after.GetValueOrDefault(expected) - before.GetValueOrDefault(expected));
            }

            Assert.True(app.Logs.Errors.Count == errors, $"topic '{topic}': intake logged an error: {(app.Logs.Errors is { Count: > 0 } logged ? logged[^1] : null)}");
            if (expected is null && alarm is not null)
            {
                var stored = _alarms.ListAsync(1000, CancellationToken.None).GetAwaiter().GetResult();
                Assert.Contains(stored, a => a.Alarm.PostId == postId && a.Alarm.AlarmId == alarm.AlarmId);
            }
        }

        // What intake must count, checked in its order: topic, size, payload, registry. Null: accepted.
        private string? ExpectedReject(string topic, byte[] payload, out AlarmMessage? alarm, out string postId)
        {
            alarm = null;
            if (!Topics.TryParse(topic, out postId, out var kind) || kind is not (TopicKind.Alarm or TopicKind.Heartbeat or TopicKind.Status or TopicKind.Event or TopicKind.SelfTest))
            {
                return RejectReason.UnknownTopic;
            }

            if (payload.Length > ProtocolConstants.MaxPayloadBytes)
            {
                return RejectReason.TooLarge;
            }

            var name = kind switch
            {
                TopicKind.Alarm => "alarm",
                TopicKind.Heartbeat => "heartbeat",
                TopicKind.Status => "status",
                TopicKind.Event => "event",
                _ => "selftest",
            };
            if (!Codec.TryDecode(name, payload, out var message, out var reason))
            {
                return reason;
            }

            alarm = message as AlarmMessage;
            return _registry.Find(postId) is null ? RejectReason.UnknownPost : null;
        }
    }
}
