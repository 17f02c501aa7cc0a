namespace SosPost.Protocol.Tests;

/// <summary>Dispatches to the PayloadCodec member for a payload kind as named in docs/protocol.md.</summary>
internal static class Codec
{
    public static readonly string[] Kinds = ["alarm", "heartbeat", "status", "alarm-state", "command", "event", "event-ack", "selftest"];

    public static bool TryDecode(string kind, byte[] payload, out object? message, out string? reason)
    {
        bool ok;
        switch (kind)
        {
            case "alarm":
                ok = PayloadCodec.TryDecodeAlarm(payload, out var alarm, out reason);
                message = alarm;
                break;
            case "heartbeat":
                ok = PayloadCodec.TryDecodeHeartbeat(payload, out var heartbeat, out reason);
                message = heartbeat;
                break;
            case "status":
                ok = PayloadCodec.TryDecodeStatus(payload, out var status, out reason);
                message = status;
                break;
            case "alarm-state":
                ok = PayloadCodec.TryDecodeAlarmState(payload, out var state, out reason);
                message = state;
                break;
            case "command":
                ok = PayloadCodec.TryDecodeCommand(payload, out var command, out reason);
                message = command;
                break;
            case "event":
                ok = PayloadCodec.TryDecodeEvent(payload, out var trouble, out reason);
                message = trouble;
                break;
            case "event-ack":
                ok = PayloadCodec.TryDecodeEventAck(payload, out var ack, out reason);
                message = ack;
                break;
            case "selftest":
                ok = PayloadCodec.TryDecodeSelfTest(payload, out var selfTest, out reason);
                message = selfTest;
                break;
            default:
                throw new ArgumentException("Unknown payload kind " + kind, nameof(kind));
        }

        Assert.Equal(ok, message != null);
        Assert.Equal(ok, reason == null);
        return ok;
    }

    public static byte[] Encode(object message) => message switch
    {
        AlarmMessage m => PayloadCodec.Encode(m),
        HeartbeatMessage m => PayloadCodec.Encode(m),
        StatusMessage m => PayloadCodec.Encode(m),
        AlarmStateMessage m => PayloadCodec.Encode(m),
        CommandMessage m => PayloadCodec.Encode(m),
        EventMessage m => PayloadCodec.Encode(m),
        EventAckMessage m => PayloadCodec.Encode(m),
        SelfTestMessage m => PayloadCodec.Encode(m),
        _ => throw new ArgumentException("Not a protocol message", nameof(message)),
    };

    public static TopicKind TopicKindOf(string kind) => kind switch
    {
        "alarm" => TopicKind.Alarm,
        "heartbeat" => TopicKind.Heartbeat,
        "status" => TopicKind.Status,
        "alarm-state" => TopicKind.AlarmState,
        "command" => TopicKind.Command,
        "event" => TopicKind.Event,
        "event-ack" => TopicKind.EventAck,
        "selftest" => TopicKind.SelfTest,
        _ => TopicKind.None,
    };

    public static readonly string[] Reasons =
    [
        RejectReason.TooLarge, RejectReason.NotJson, RejectReason.UnsupportedVersion,
        RejectReason.MissingField, RejectReason.BadField,
    ];
}
