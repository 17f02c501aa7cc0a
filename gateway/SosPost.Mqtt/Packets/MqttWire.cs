using System.Text;

namespace SosPost.Mqtt.Packets;

/// <summary>Limits and encodings shared by the packet reader and writer (MQTT 3.1.1 section 1.5, 2.2.3).</summary>
internal static class MqttWire
{
    public const int MaxRemainingLength = 268_435_455;

    /// <summary>Largest possible packet: a 1-byte type, a 4-byte remaining length and the body.</summary>
    public const int MaxPacketSize = MaxRemainingLength + 5;

    /// <summary>Throws on lone surrogates instead of silently writing '?' into a topic.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when the string can be sent as an MQTT UTF-8 string: well formed, no U+0000, at most 65535 bytes.</summary>
    public static bool IsValidString(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return StrictUtf8.GetByteCount(value) <= ushort.MaxValue;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    public static int VariableIntSize(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };
}
