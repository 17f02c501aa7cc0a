using System.Globalization;
using SosPost.Protocol;

namespace SosPost.Cli.Posts;

/// <summary>
/// A post as the registry file holds it (the gateway's posts.json entry). <see cref="Group"/> and
/// <see cref="Camera"/> are optional: empty when not given.
/// </summary>
internal sealed record PostRecord(
    string Id,
    string Name,
    double Latitude,
    double Longitude,
    string Address,
    string Station,
    string Group = "",
    string Camera = "");

/// <summary>
/// The field rules of a post, the same as the gateway's posts file reader: each check returns null or
/// what is wrong with the field, so CSV, GeoJSON and JSON readers name it with their own location.
/// </summary>
internal static class PostRules
{
    public static string? Id(string value) =>
        Topics.IsValidPostId(value) ? null : $"\"{value}\" must be 1 to 32 of A-Z, 0-9 and '-', starting with a letter or digit (e.g. MHC-001)";

    /// <summary>Optional; the gateway's rule (PostFields): dispatch targets are chosen by group.</summary>
    public static string? Group(string value) =>
        value.Length == 0
        || (value.Length <= 64 && value[0] != '-' && value[^1] != '-' && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            ? null
            : $"\"{value}\" must be 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-' (e.g. samut-sakhon)";

    /// <summary>Optional; the camera's still-image URL, never with credentials in it (they are the gateway's secrets).</summary>
    public static string? Camera(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http or https URL of the camera's still image";
        }

        // The value is not repeated: it holds a password.
        return string.IsNullOrEmpty(uri.UserInfo) ? null : "must not contain a user name or password (camera credentials belong in the gateway's configuration)";
    }

    public static string? RequiredText(string value) =>
        string.IsNullOrWhiteSpace(value) ? "is empty" : null;

    /// <summary>Parses a coordinate written with a dot as decimal separator; null with the problem when it is not one.</summary>
    public static double? Coordinate(string text, double limit, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty";
            return null;
        }

        // With an exponent: the writer's round-trip format gives 1E-05 for a coordinate near zero.
        if (!double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            problem = $"\"{text}\" is not a number (use a dot for decimals, e.g. 13.54756)";
            return null;
        }

        return InRange(value, limit, out problem) ? value : null;
    }

    public static bool InRange(double value, double limit, out string? problem)
    {
        problem = double.IsFinite(value) && value >= -limit && value <= limit
            ? null
            : $"{value.ToString(CultureInfo.InvariantCulture)} is outside -{limit} to {limit}";
        return problem is null;
    }
}
