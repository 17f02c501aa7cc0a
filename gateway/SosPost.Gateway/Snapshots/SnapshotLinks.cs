using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// Signed, expiring links to an alarm's picture for dispatch targets, which have no console login:
/// <c>{PublicBaseUrl}/snapshots/{alarmRowId}?exp={unix seconds}&amp;sig={hex HMAC-SHA256}</c>, the MAC keyed
/// with <c>Gateway:Snapshot:LinkKey</c> over <c>"snapshot:{alarmRowId}:{exp}"</c>. Changing the key revokes every link.
/// </summary>
public sealed class SnapshotLinks(IOptions<SnapshotOptions> options, TimeProvider time)
{
    public const string Path = "/snapshots";

    /// <summary>True when links can be made (<see cref="SnapshotOptions.LinksEnabled"/>).</summary>
    public bool Enabled => options.Value.LinksEnabled;

    /// <summary>A link valid for <see cref="SnapshotOptions.LinkLifetime"/> from now; null when links are not configured.</summary>
    public SignedLink? Create(long alarmRowId)
    {
        var settings = options.Value;
        if (!settings.LinksEnabled)
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + settings.LinkLifetime).ToUnixTimeSeconds());
        var exp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Convert.ToHexStringLower(Mac(settings.LinkKey!, alarmRowId, exp));
        var url = new Uri($"{settings.PublicBaseUrl!.TrimEnd('/')}{Path}/{alarmRowId.ToString(CultureInfo.InvariantCulture)}?exp={exp}&sig={sig}");
        return new SignedLink(url, expires);
    }

    /// <summary>True for a link this gateway signed for this alarm that has not expired.</summary>
    public bool IsValid(long alarmRowId, string? exp, string? sig)
    {
        var key = options.Value.LinkKey;
        if (string.IsNullOrEmpty(key) || exp is null || sig is not { Length: 64 }
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(sig);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(key, alarmRowId, exp))
            && time.GetUtcNow().ToUnixTimeSeconds() <= expires;
    }

    private static byte[] Mac(string key, long alarmRowId, string exp) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"snapshot:{alarmRowId.ToString(CultureInfo.InvariantCulture)}:{exp}"));
}

/// <summary>A link to a picture and when it stops working.</summary>
public sealed record SignedLink(Uri Url, DateTimeOffset ExpiresAt);
