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

    public const int MaxPresses = 65535;

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

    public static byte[] Encode(HeartbeatMessage m) =>
        Start()
            .Integer("uptimeMs", m.UptimeMs)
            .String("fw", m.Firmware)
            .Integer("outbox", m.Outbox)
            .Time("at", m.At)
            .ToUtf8();

    public static byte[] Encode(StatusMessage m)
    {
        if (!m.Online)
        {
            return Start().String("state", Offline).ToUtf8();
        }

        return Start()
            .String("state", Online)
            .String("fw", m.Firmware)
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

        var m = new HeartbeatMessage
        {
            UptimeMs = o.Integer("uptimeMs", 0, long.MaxValue),
            Firmware = o.String("fw", true),
            Outbox = (int)o.Integer("outbox", 0, int.MaxValue),
            At = o.Time("at", true),
        };
        reason = o.Reason;
        message = reason == null ? m : null;
        return message != null;
    }

    /// <summary>Decodes a status; fw and uptimeMs are required when online and ignored when offline.</summary>
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
