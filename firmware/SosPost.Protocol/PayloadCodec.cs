using System;
using SosPost.Protocol.Json;

namespace SosPost.Protocol;

/// <summary>
/// Encodes and decodes the payloads of docs/protocol.md. Encoding is byte-exact (field order of the
/// document, no white space). Decoding never throws: any failure is false with a
/// <see cref="RejectReason"/>, checked in this order: too-large, not-json, unsupported-version, then
/// each field in document order (missing-field or bad-field for the first one that fails).
/// </summary>
public static class PayloadCodec
{
    /// <summary>Upper bound of alarm ids (unsigned 32 bits).</summary>
    public const long MaxAlarmId = 4294967295;

    /// <summary>Upper bound of event ids (unsigned 32 bits, like alarm ids).</summary>
    public const long MaxEventId = 4294967295;

    public const int MaxPresses = 65535;

    /// <summary>The weakest signal a heartbeat may report, in dBm; the strongest is 0.</summary>
    public const int MinRssiDbm = -200;

    public const int MaxBatteryMv = 65535;

    public const long MaxFreeMemoryBytes = 4294967295;

    /// <summary>Upper bound of a heartbeat's count of refused gateway messages (unsigned 32 bits).</summary>
    public const long MaxRefused = 4294967295;

    /// <summary>Length of a configuration hash: 8 lowercase hex characters (32 bits).</summary>
    public const int ConfigHashLength = 8;

    private const string Online = "online";
    private const string Offline = "offline";
    private const string Received = "received";
    private const string Dispatched = "dispatched";

    public static byte[] Encode(AlarmMessage m) =>
        Start()
            .Integer("alarmId", m.AlarmId)
            .String("kind", m.Kind)
            .Boolean("test", m.Test)
            .Integer("presses", m.Presses)
            .Integer("uptimeMs", m.UptimeMs)
            .Time("pressedAt", m.PressedAt)
            .Boolean("snapshot", m.Snapshot)
            .ToUtf8();

    public static byte[] Encode(HeartbeatMessage m)
    {
        var writer = Start()
            .Integer("uptimeMs", m.UptimeMs)
            .String("fw", m.Firmware)
            .String("cfg", m.ConfigHash)
            .String("link", m.Link)
            .IntegerOrNull("rssi", m.RssiDbm, HeartbeatMessage.NoRssi)
            .Boolean("mains", m.MainsPresent)
            .Integer("batteryMv", m.BatteryMv)
            .Boolean("tamper", m.Tamper)
            .String("lamp", m.Lamp)
            .Integer("freeMem", m.FreeMemoryBytes)
            .String("reset", m.LastReset)
            .Integer("outbox", m.Outbox);

        // Absent from the heartbeats of posts before signed replies: a relayed one re-encodes as it came.
        if (m.Refused != HeartbeatMessage.NotReported)
        {
            writer.Integer("refused", m.Refused);
        }

        return writer.Time("at", m.At).ToUtf8();
    }

    public static byte[] Encode(StatusMessage m)
    {
        if (!m.Online)
        {
            return Start().String("state", Offline).ToUtf8();
        }

        return Start()
            .String("state", Online)
            .String("fw", m.Firmware)
            .String("cfg", m.ConfigHash)
            .Integer("uptimeMs", m.UptimeMs)
            .ToUtf8();
    }

    /// <exception cref="ArgumentException">The state is not a defined <see cref="AlarmState"/>.</exception>
    public static byte[] Encode(AlarmStateMessage m)
    {
        string state;
        if (m.State == AlarmState.Received)
        {
            state = Received;
        }
        else if (m.State == AlarmState.Dispatched)
        {
            state = Dispatched;
        }
        else
        {
            throw new ArgumentException("Undefined alarm state.", nameof(m));
        }

        return Start()
            .Integer("alarmId", m.AlarmId)
            .String("state", state)
            .Time("at", m.At)
            .ToUtf8();
    }

    public static byte[] Encode(CommandMessage m) =>
        Start()
            .String("cmd", m.Command)
            .String("id", m.Id)
            .ToUtf8();

    public static byte[] Encode(EventMessage m) =>
        Start()
            .Integer("eventId", m.EventId)
            .String("type", m.Type)
            .Boolean("active", m.Active)
            .Integer("uptimeMs", m.UptimeMs)
            .Time("at", m.At)
            .ToUtf8();

    public static byte[] Encode(EventAckMessage m) =>
        Start()
            .Integer("eventId", m.EventId)
            .ToUtf8();

    public static byte[] Encode(SelfTestMessage m) =>
        Start()
            .String("id", m.Id)
            .String("trigger", m.Trigger)
            .Boolean("ok", m.Ok)
            .String("lamp", m.Lamp)
            .String("camera", m.Camera)
            .String("link", m.Link)
            .String("storage", m.Storage)
            .IntegerOrNull("linkRttMs", m.LinkRttMs, SelfTestMessage.NoRoundTrip)
            .Integer("uptimeMs", m.UptimeMs)
            .Time("at", m.At)
            .ToUtf8();

    public static bool TryDecodeAlarm(byte[] payload, out AlarmMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var m = new AlarmMessage
        {
            AlarmId = o.Integer("alarmId", 1, MaxAlarmId),
            Kind = o.String("kind", false),
            Test = o.Boolean("test"),
            Presses = (int)o.Integer("presses", 1, MaxPresses),
            UptimeMs = o.Integer("uptimeMs", 0, long.MaxValue),
            PressedAt = o.Time("pressedAt", true),
            Snapshot = o.Boolean("snapshot"),
        };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    public static bool TryDecodeHeartbeat(byte[] payload, out HeartbeatMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        // Descriptive values (link, lamp, reset) are accepted beyond the documented ones, so that a
        // newer post's heartbeat is never lost at an older gateway; the gateway shows them as they are.
        var m = new HeartbeatMessage
        {
            UptimeMs = o.Integer("uptimeMs", 0, long.MaxValue),
            Firmware = o.String("fw", true),
            ConfigHash = ConfigHashField(o),
            Link = o.String("link", false),
            RssiDbm = (int)o.IntegerOrNull("rssi", MinRssiDbm, 0, HeartbeatMessage.NoRssi),
            MainsPresent = o.Boolean("mains"),
            BatteryMv = (int)o.Integer("batteryMv", 0, MaxBatteryMv),
            Tamper = o.Boolean("tamper"),
            Lamp = o.String("lamp", false),
            FreeMemoryBytes = o.Integer("freeMem", 0, MaxFreeMemoryBytes),
            LastReset = o.String("reset", false),
            Outbox = (int)o.Integer("outbox", 0, int.MaxValue),
            Refused = o.Has("refused") ? o.Integer("refused", 0, MaxRefused) : HeartbeatMessage.NotReported,
            At = o.Time("at", true),
        };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    /// <summary>Decodes a status; fw, cfg and uptimeMs are required when online and ignored when offline.</summary>
    public static bool TryDecodeStatus(byte[] payload, out StatusMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var state = o.String("state", false);
        var m = new StatusMessage { Online = state == Online };
        if (m.Online)
        {
            m.Firmware = o.String("fw", true);
            m.ConfigHash = ConfigHashField(o);
            m.UptimeMs = o.Integer("uptimeMs", 0, long.MaxValue);
        }
        else if (state != Offline)
        {
            o.FailBadField();
        }

        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    public static bool TryDecodeAlarmState(byte[] payload, out AlarmStateMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var m = new AlarmStateMessage { AlarmId = o.Integer("alarmId", 1, MaxAlarmId) };
        var state = o.String("state", false);
        if (state == Dispatched)
        {
            m.State = AlarmState.Dispatched;
        }
        else if (state != Received)
        {
            o.FailBadField();
        }

        m.At = o.Time("at", false);
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    public static bool TryDecodeCommand(byte[] payload, out CommandMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var m = new CommandMessage { Command = o.String("cmd", false), Id = o.String("id", true) };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    /// <summary>
    /// Decodes a trouble event. Any non-empty type is accepted: an event the gateway rejected would never
    /// be acknowledged, and the post would re-send it forever.
    /// </summary>
    public static bool TryDecodeEvent(byte[] payload, out EventMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var m = new EventMessage
        {
            EventId = o.Integer("eventId", 1, MaxEventId),
            Type = o.String("type", false),
            Active = o.Boolean("active"),
            UptimeMs = o.Integer("uptimeMs", 0, long.MaxValue),
            At = o.Time("at", true),
        };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    public static bool TryDecodeEventAck(byte[] payload, out EventAckMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var m = new EventAckMessage { EventId = o.Integer("eventId", 1, MaxEventId) };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    /// <summary>Decodes a self-test report; trigger and check outcomes are accepted beyond the documented values.</summary>
    public static bool TryDecodeSelfTest(byte[] payload, out SelfTestMessage? message, out string? reason)
    {
        message = null;
        var o = Open(payload, out reason);
        if (o == null)
        {
            return false;
        }

        var m = new SelfTestMessage
        {
            Id = o.String("id", true),
            Trigger = o.String("trigger", false),
            Ok = o.Boolean("ok"),
            Lamp = o.String("lamp", false),
            Camera = o.String("camera", false),
            Link = o.String("link", false),
            Storage = o.String("storage", false),
            LinkRttMs = o.IntegerOrNull("linkRttMs", 0, int.MaxValue, SelfTestMessage.NoRoundTrip),
            UptimeMs = o.Integer("uptimeMs", 0, long.MaxValue),
            At = o.Time("at", true),
        };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    /// <summary>True for a configuration hash as the protocol writes it: exactly 8 characters of 0-9 and a-f.</summary>
    public static bool IsConfigHash(string? text)
    {
        if (text == null || text.Length != ConfigHashLength)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static string ConfigHashField(JsonObject o)
    {
        var text = o.String("cfg", false);
        if (o.Reason == null && !IsConfigHash(text))
        {
            o.FailBadField();
        }

        return text;
    }

    private static JsonWriter Start() => new JsonWriter().Integer("v", ProtocolConstants.Version);

    // The checks every payload shares: size, JSON syntax, version. Null with a reason on failure.
    private static JsonObject? Open(byte[] payload, out string? reason)
    {
        reason = null;
        if (payload != null && payload.Length > ProtocolConstants.MaxPayloadBytes)
        {
            reason = RejectReason.TooLarge;
            return null;
        }

        var o = JsonReader.ReadObject(payload!);
        if (o == null)
        {
            reason = RejectReason.NotJson;
            return null;
        }

        o.Integer("v", ProtocolConstants.Version, ProtocolConstants.Version);
        if (o.Reason != null)
        {
            reason = RejectReason.UnsupportedVersion;
            return null;
        }

        return o;
    }
}
