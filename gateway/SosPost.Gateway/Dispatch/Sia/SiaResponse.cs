using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>
/// A receiver's answer (ACK, *ACK, NAK, DUH) or any DC-09 frame, read leniently: receivers differ in the header
/// fields they echo (a NAK may carry <c>R0L0A0</c>), so only id, sequence, account, data and timestamp are taken.
/// </summary>
public sealed partial record SiaResponse(string Id, int Sequence, string? Account, string Data, DateTimeOffset? Timestamp)
{
    public bool Encrypted => Id.StartsWith('*');

    /// <summary>Parses one frame (LF ... CR) and checks its CRC and length.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out SiaResponse? response, out string error)
    {
        response = null;
        if (frame.Length < 10 || frame[0] != (byte)'\n' || frame[^1] != (byte)'\r')
        {
            error = "not a DC-09 frame (LF ... CR)";
            return false;
        }

        var head = Encoding.ASCII.GetString(frame[1..9]);
        var body = frame[9..^1];
        if (!ushort.TryParse(head.AsSpan(0, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc)
            || !int.TryParse(head.AsSpan(4, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length))
        {
            error = $"CRC and length '{head}' are not hex";
            return false;
        }

        if (length != body.Length)
        {
            error = $"length {length} but {body.Length} bytes";
            return false;
        }

        if (SiaCrc.Compute(body) != crc)
        {
            error = $"CRC {crc:X4} does not match {SiaCrc.Compute(body):X4}";
            return false;
        }

        var match = Body().Match(Encoding.ASCII.GetString(body));
        if (!match.Success)
        {
            error = "no \"id\"seq...[ in the message";
            return false;
        }

        var account = match.Groups["acct"].Success ? match.Groups["acct"].Value : null;
        var data = match.Groups["data"].Value;
        DateTimeOffset? timestamp = null;
        var close = data.LastIndexOf(']');
        if (close >= 0)
        {
            var tail = data[(close + 1)..];
            data = data[..close];
            if (tail.StartsWith('_') && TryParseTimestamp(tail[1..], out var at))
            {
                timestamp = at;
            }
        }

        response = new SiaResponse(match.Groups["id"].Value, int.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture), account, data, timestamp);
        error = "";
        return true;
    }

    public static bool TryParseTimestamp(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, "HH:mm:ss,MM-dd-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    /// <summary>
    /// The clear text of an encrypted data block (after the pad and '|'), or null when it does not decrypt with
    /// <paramref name="key"/>: the proof that an encrypted ACK comes from a receiver holding the key.
    /// </summary>
    public string? Decrypt(byte[] key)
    {
        var hex = Data.Length > 0 && Data[^1] == ']' ? Data[..^1] : Data;
        if (hex.Length == 0 || hex.Length % 32 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var text = Encoding.ASCII.GetString(aes.DecryptCbc(Convert.FromHexString(hex), new byte[16], PaddingMode.None));
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? null : text[(bar + 1)..];
    }

    [GeneratedRegex("""^"(?<id>[^"]+)"(?<seq>\d{4})[^#\[]*(#(?<acct>[0-9A-Fa-f]+))?\[(?<data>.*)$""", RegexOptions.Singleline | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex Body();
}
