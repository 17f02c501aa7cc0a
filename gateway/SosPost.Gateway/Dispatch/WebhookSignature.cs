using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// The <c>SosPost-Signature</c> header of a webhook delivery: <c>t={unix seconds},v1={hex HMAC-SHA256}</c>
/// over <c>"{t}."</c> followed by the exact body bytes, keyed with <c>Gateway:Webhook:Secret</c>. The
/// timestamp is signed with the body, so a receiver can refuse an old delivery replayed by someone else.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "SosPost-Signature";

    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }
}
