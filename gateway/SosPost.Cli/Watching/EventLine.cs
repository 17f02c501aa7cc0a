using System.Globalization;
using SosPost.Protocol;

namespace SosPost.Cli.Watching;

/// <summary>One readable line per message on the post topics; null for a topic outside the protocol.</summary>
internal static class EventLine
{
    public static string? Format(string topic, byte[] payload, DateTimeOffset receivedAt)
    {
        if (!Topics.TryParse(topic, out var postId, out var kind))
        {
            return null;
        }

        var text = Describe(kind, payload);
        return receivedAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "  " + postId.PadRight(12) + " " + text;
    }

    private static string Describe(TopicKind kind, byte[] payload)
    {
        var c = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case TopicKind.Alarm when PayloadCodec.TryDecodeAlarm(payload, out var alarm, out _):
                return $"{(alarm!.Test ? "test alarm" : "ALARM")} {alarm.AlarmId.ToString(c)} {alarm.Kind}, {alarm.Presses.ToString(c)} press(es){Time(alarm.PressedAt, "pressed")}";
            case TopicKind.AlarmState when PayloadCodec.TryDecodeAlarmState(payload, out var state, out _):
                return $"alarm {state!.AlarmId.ToString(c)} {state.State.ToString().ToLowerInvariant()}";
            case TopicKind.Heartbeat when PayloadCodec.TryDecodeHeartbeat(payload, out var beat, out _):
                return $"heartbeat {beat!.Link}{(beat.RssiDbm == HeartbeatMessage.NoRssi ? string.Empty : " " + beat.RssiDbm.ToString(c) + " dBm")}, mains {(beat.MainsPresent ? "on" : "OFF")}, battery {beat.BatteryMv.ToString(c)} mV, cabinet {(beat.Tamper ? "OPEN" : "closed")}, lamp {beat.Lamp}, outbox {beat.Outbox.ToString(c)}";
            case TopicKind.Status when payload.Length == 0:
                return "status cleared";
            case TopicKind.Status when PayloadCodec.TryDecodeStatus(payload, out var status, out _):
                return status!.Online ? $"online (firmware {status.Firmware ?? "?"}, config {status.ConfigHash ?? "?"})" : "OFFLINE";
            case TopicKind.Event when PayloadCodec.TryDecodeEvent(payload, out var trouble, out _):
                return $"trouble {trouble!.Type} {(trouble.Active ? "RAISED" : "restored")}";
            case TopicKind.EventAck when PayloadCodec.TryDecodeEventAck(payload, out _, out _):
                return "trouble event acknowledged";
            case TopicKind.SelfTest when PayloadCodec.TryDecodeSelfTest(payload, out var test, out _):
                return $"self-test {test!.Id} {(test.Ok ? "PASS" : "FAIL")}: lamp {test.Lamp}, camera {test.Camera}, storage {test.Storage}, link {test.Link}"
                    + (test.LinkRttMs == SelfTestMessage.NoRoundTrip ? string.Empty : $" {test.LinkRttMs.ToString(c)} ms");
            case TopicKind.Command when PayloadCodec.TryDecodeCommand(payload, out var command, out _):
                return $"command {command!.Command} {command.Id}";
            default:
                return $"{kind.ToString().ToLowerInvariant()}: unreadable payload ({payload.Length.ToString(c)} bytes)";
        }
    }

    private static string Time(DateTime at, string what) =>
        at == DateTime.MinValue ? string.Empty : $", {what} {at.ToString("HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}";
}
