#nullable enable
using System.Text;
using SosPost.Protocol;
using SosPost.Protocol.Security;
using TestFrameworkShared;

namespace SosPost.Firmware.NanoTests.Support;

/// <summary>Decoding what the post sent, failing the test (not returning null) when it does not decode.</summary>
public static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] payload) => Encoding.UTF8.GetString(payload, 0, payload.Length);

    /// <summary>A whole number written as decimal digits (a counter of up to 18 digits); fails the test on anything else.</summary>
    public static long Digits(string text)
    {
        long value = 0;
        if (text.Length == 0 || text.Length > 18)
        {
            throw Failure("not a counter: " + text);
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '0' || c > '9')
            {
                throw Failure("not a counter: " + text);
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    /// <summary>A signed payload as it was encoded before signing: without its ctr and mac fields.</summary>
    public static string Unsigned(string signed)
    {
        var at = signed.IndexOf(",\"ctr\":");
        if (at < 0)
        {
            throw Failure("not a signed payload: " + signed);
        }

        return signed.Substring(0, at) + "}";
    }

    /// <summary>The counter of a message the bench post signed for <paramref name="topic"/>; fails the test when it does not verify.</summary>
    public static long Counter(string topic, byte[] payload)
    {
        if (!new MessageAuth(PostBench.Key).Verify(topic, payload, out var counter))
        {
            throw Failure("not signed with the post's key for " + topic + ": " + Text(payload));
        }

        return counter;
    }

    public static AlarmMessage Alarm(byte[] payload)
    {
        AlarmMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeAlarm(payload, out message, out reason) || message == null)
        {
            throw Failure("alarm payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static HeartbeatMessage Heartbeat(byte[] payload)
    {
        HeartbeatMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeHeartbeat(payload, out message, out reason) || message == null)
        {
            throw Failure("heartbeat payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static StatusMessage Status(byte[] payload)
    {
        StatusMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeStatus(payload, out message, out reason) || message == null)
        {
            throw Failure("status payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static AlarmStateMessage AlarmState(byte[] payload)
    {
        AlarmStateMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeAlarmState(payload, out message, out reason) || message == null)
        {
            throw Failure("alarm state payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static CommandMessage Command(byte[] payload)
    {
        CommandMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeCommand(payload, out message, out reason) || message == null)
        {
            throw Failure("command payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static EventMessage Event(byte[] payload)
    {
        EventMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeEvent(payload, out message, out reason) || message == null)
        {
            throw Failure("event payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static EventAckMessage EventAck(byte[] payload)
    {
        EventAckMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeEventAck(payload, out message, out reason) || message == null)
        {
            throw Failure("event acknowledgement payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    public static SelfTestMessage SelfTest(byte[] payload)
    {
        SelfTestMessage? message;
        string? reason;
        if (!PayloadCodec.TryDecodeSelfTest(payload, out message, out reason) || message == null)
        {
            throw Failure("self-test payload rejected (" + reason + "): " + Text(payload));
        }

        return message;
    }

    /// <summary>What to throw to fail the running test, the same as a failed Assert: <c>throw Wire.Failure(...)</c>.</summary>
    public static AssertFailedException Failure(string why) => new AssertFailedException(why);
}
