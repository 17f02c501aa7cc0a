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

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_vector_is_rejected_by_the_decoders_of_the_other_kinds(string kind, string topic, string json)
    {
        _ = topic;
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var other in Codec.Kinds.Where(k => k != kind))
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

    private static string BuildTopic(TopicKind kind, string postId) => kind switch
    {
        TopicKind.Alarm => Topics.Alarm(postId),
        TopicKind.Heartbeat => Topics.Heartbeat(postId),
        TopicKind.Status => Topics.Status(postId),
        TopicKind.AlarmState => Topics.AlarmState(postId),
        TopicKind.Command => Topics.Command(postId),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
