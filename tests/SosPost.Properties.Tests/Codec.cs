using SosPost.Protocol;

namespace SosPost.Properties.Tests;

/// <summary>The codec's members by payload kind, as docs/protocol.md names the kinds.</summary>
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

        return ok;
    }

    public static string KindOf(object message) => message switch
    {
        AlarmMessage => "alarm",
        HeartbeatMessage => "heartbeat",
        StatusMessage => "status",
        AlarmStateMessage => "alarm-state",
        CommandMessage => "command",
        EventMessage => "event",
        EventAckMessage => "event-ack",
        SelfTestMessage => "selftest",
        _ => throw new ArgumentException("Not a protocol message", nameof(message)),
    };

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

    /// <summary>Every public property equal (the messages are flat), naming the first that differs.</summary>
    public static void AssertSame(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in expected.GetType().GetProperties())
        {
            var (e, a) = (property.GetValue(expected), property.GetValue(actual));
            Assert.True(Equals(e, a), $"{expected.GetType().Name}.{property.Name}: expected {e}, decoded {a}");
        }
    }
}
