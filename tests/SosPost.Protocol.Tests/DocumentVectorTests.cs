using System.Text;

namespace SosPost.Protocol.Tests;

/// <summary>The examples of docs/protocol.md are the test vectors of the codec.</summary>
public sealed class DocumentVectorTests
{
    public static TheoryData<string, string, string> ValidVectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var v in ProtocolDocument.Valid)
        {
            data.Add(v.Kind, v.Topic!, v.Json);
        }

        return data;
    }

    public static TheoryData<string, string, string> InvalidVectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var v in ProtocolDocument.Invalid)
        {
            data.Add(v.Kind, v.Reason!, v.Json);
        }

        return data;
    }

    [Fact]
    public void Document_has_vectors_of_every_payload_kind_and_every_parsed_fence_is_counted()
    {
        foreach (var kind in Codec.Kinds)
        {
            Assert.Contains(ProtocolDocument.Valid, v => v.Kind == kind);
        }

        Assert.Contains(ProtocolDocument.Invalid, v => v.Reason == RejectReason.NotJson);
        Assert.Contains(ProtocolDocument.Invalid, v => v.Reason == RejectReason.UnsupportedVersion);
        Assert.Contains(ProtocolDocument.Invalid, v => v.Reason == RejectReason.MissingField);
        Assert.Contains(ProtocolDocument.Invalid, v => v.Reason == RejectReason.BadField);
        Assert.Equal(ProtocolDocument.MarkedFenceCount, ProtocolDocument.Valid.Count + ProtocolDocument.Invalid.Count);
        Assert.All(ProtocolDocument.Valid.Concat(ProtocolDocument.Invalid), v => Assert.Contains(v.Kind, Codec.Kinds));
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_vector_decodes_and_encodes_back_byte_for_byte(string kind, string topic, string json)
    {
        _ = topic;
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(Codec.TryDecode(kind, bytes, out var message, out var reason), reason);
        Assert.Equal(json, Encoding.UTF8.GetString(Codec.Encode(message!)));
        Assert.Equal(bytes, Codec.Encode(message!));
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_vector_topic_parses_to_its_payload_kind(string kind, string topic, string json)
    {
        _ = json;
        Assert.True(Topics.TryParse(topic, out var postId, out var topicKind));
        Assert.Equal(Codec.TopicKindOf(kind), topicKind);
        Assert.True(Topics.IsValidPostId(postId));
        Assert.Equal(topic, BuildTopic(topicKind, postId));
    }

    /// <summary>
    /// An acknowledgement carries only the id of what it acknowledges, so the payload it acknowledges also
    /// reads as one (readers ignore the other fields); the topic tells them apart.
    /// </summary>
    private static readonly HashSet<(string Kind, string ReadsAlsoAs)> SupersetKinds = [("event", "event-ack")];

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_vector_is_rejected_by_the_decoders_of_the_other_kinds(string kind, string topic, string json)
    {
        _ = topic;
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var other in Codec.Kinds.Where(k => k != kind && !SupersetKinds.Contains((kind, k))))
        {
            Assert.False(Codec.TryDecode(other, bytes, out _, out var reason), other);
            Assert.Contains(reason, new[] { RejectReason.MissingField, RejectReason.BadField });
        }
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Invalid_vector_is_rejected_with_exactly_the_documented_reason(string kind, string reason, string json)
    {
        Assert.False(Codec.TryDecode(kind, Encoding.UTF8.GetBytes(json), out var message, out var actual));
        Assert.Null(message);
        Assert.Equal(reason, actual);
    }

    [Fact]
    public void Decoded_alarm_vector_carries_the_documented_values()
    {
        var v = ProtocolDocument.Valid.First(x => x.Kind == "alarm" && x.Json.Contains("\"pressedAt\":\"", StringComparison.Ordinal));

        Assert.True(PayloadCodec.TryDecodeAlarm(v.Bytes, out var alarm, out _));
        Assert.Equal(42, alarm!.AlarmId);
        Assert.Equal("panic", alarm.Kind);
        Assert.False(alarm.Test);
        Assert.Equal(1, alarm.Presses);
        Assert.Equal(5234119, alarm.UptimeMs);
        Assert.Equal(new DateTime(2026, 11, 22, 3, 15, 42, 120, DateTimeKind.Utc), alarm.PressedAt);
        Assert.Equal(DateTimeKind.Utc, alarm.PressedAt.Kind);
        Assert.True(alarm.Snapshot);
    }

    [Fact]
    public void Decoded_alarm_vector_without_clock_has_min_value_press_time()
    {
        var v = ProtocolDocument.Valid.First(x => x.Kind == "alarm" && x.Json.Contains("\"pressedAt\":null", StringComparison.Ordinal));

        Assert.True(PayloadCodec.TryDecodeAlarm(v.Bytes, out var alarm, out _));
        Assert.Equal(DateTime.MinValue, alarm!.PressedAt);
        Assert.Equal(3, alarm.Presses);
    }

    [Fact]
    public void An_event_reads_as_the_acknowledgement_of_its_own_id_and_nothing_more()
    {
        var v = ProtocolDocument.Valid.First(x => x.Kind == "event");

        Assert.True(PayloadCodec.TryDecodeEventAck(v.Bytes, out var ack, out _));
        Assert.Equal("{\"v\":1,\"eventId\":17}", Encoding.UTF8.GetString(PayloadCodec.Encode(ack!)));
    }

    [Fact]
    public void Decoded_heartbeat_vector_carries_the_documented_health()
    {
        var v = ProtocolDocument.Valid.First(x => x.Kind == "heartbeat" && x.Topic!.Contains("MHC-001", StringComparison.Ordinal));

        Assert.True(PayloadCodec.TryDecodeHeartbeat(v.Bytes, out var h, out _));
        Assert.Equal(5294119, h!.UptimeMs);
        Assert.Equal(("0.1.0", "3f2a9c41", LinkType.Wifi, -67), (h.Firmware, h.ConfigHash, h.Link, h.RssiDbm));
        Assert.Equal((true, 13180, false, LampHealth.Ok), (h.MainsPresent, h.BatteryMv, h.Tamper, h.Lamp));
        Assert.Equal((61440L, ResetReason.PowerOn, 0), (h.FreeMemoryBytes, h.LastReset, h.Outbox));
        Assert.Equal(new DateTime(2026, 11, 22, 3, 16, 42, 120, DateTimeKind.Utc), h.At);
    }

    [Fact]
    public void Decoded_ethernet_heartbeat_vector_has_no_signal_strength()
    {
        var v = ProtocolDocument.Valid.First(x => x.Kind == "heartbeat" && x.Json.Contains("\"rssi\":null", StringComparison.Ordinal));

        Assert.True(PayloadCodec.TryDecodeHeartbeat(v.Bytes, out var h, out _));
        Assert.Equal((LinkType.Ethernet, HeartbeatMessage.NoRssi), (h!.Link, h.RssiDbm));
        Assert.Equal((false, true, ResetReason.Brownout, 2), (h.MainsPresent, h.Tamper, h.LastReset, h.Outbox));
        Assert.Equal(DateTime.MinValue, h.At);
    }

    [Fact]
    public void Decoded_event_vectors_carry_raise_and_restore()
    {
        var events = ProtocolDocument.Valid.Where(x => x.Kind == "event").Select(v => PayloadCodec.TryDecodeEvent(v.Bytes, out var e, out _) ? e! : null).ToList();

        Assert.Equal((17L, TroubleType.Tamper, true, 5301200L), (events[0]!.EventId, events[0]!.Type, events[0]!.Active, events[0]!.UptimeMs));
        Assert.Equal(new DateTime(2026, 11, 22, 3, 16, 49, 201, DateTimeKind.Utc), events[0]!.At);
        Assert.Equal((18L, TroubleType.Tamper, false), (events[1]!.EventId, events[1]!.Type, events[1]!.Active));
        Assert.Equal((TroubleType.Mains, true, DateTime.MinValue), (events[2]!.Type, events[2]!.Active, events[2]!.At));
    }

    [Fact]
    public void Decoded_self_test_vectors_carry_the_outcome_of_each_check()
    {
        var reports = ProtocolDocument.Valid.Where(x => x.Kind == "selftest").Select(v => PayloadCodec.TryDecodeSelfTest(v.Bytes, out var r, out _) ? r! : null).ToList();

        var passed = reports[0]!;
        Assert.Equal(("c-18", SelfTestTrigger.Command, true, 45L), (passed.Id, passed.Trigger, passed.Ok, passed.LinkRttMs));
        Assert.Equal([SelfTestOutcome.Pass, SelfTestOutcome.Pass, SelfTestOutcome.Pass, SelfTestOutcome.Pass], new[] { passed.Lamp, passed.Camera, passed.Link, passed.Storage });
        var failed = reports[1]!;
        Assert.Equal((SelfTestTrigger.Button, false, SelfTestMessage.NoRoundTrip, DateTime.MinValue), (failed.Trigger, failed.Ok, failed.LinkRttMs, failed.At));
        Assert.Equal([SelfTestOutcome.Fail, SelfTestOutcome.Skip, SelfTestOutcome.Fail, SelfTestOutcome.Pass], new[] { failed.Lamp, failed.Camera, failed.Link, failed.Storage });
    }

    [Fact]
    public void The_documented_test_alarm_is_marked_as_a_test()
    {
        Assert.Single(ProtocolDocument.Valid, x => x.Kind == "alarm" && PayloadCodec.TryDecodeAlarm(x.Bytes, out var a, out _) && a!.Test);
    }

    private static string BuildTopic(TopicKind kind, string postId) => kind switch
    {
        TopicKind.Alarm => Topics.Alarm(postId),
        TopicKind.Heartbeat => Topics.Heartbeat(postId),
        TopicKind.Status => Topics.Status(postId),
        TopicKind.AlarmState => Topics.AlarmState(postId),
        TopicKind.Command => Topics.Command(postId),
        TopicKind.Event => Topics.Event(postId),
        TopicKind.EventAck => Topics.EventAck(postId),
        TopicKind.SelfTest => Topics.SelfTest(postId),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
