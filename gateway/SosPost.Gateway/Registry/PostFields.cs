namespace SosPost.Gateway.Registry;

/// <summary>
/// The rules for a post's <c>group</c> and <c>camera</c>, shared by every reader of posts (the posts file,
/// imports) and by the dispatch options that name groups. Each check returns the end of a sentence that
/// starts with the field's name, or null when the value is fine.
/// </summary>
public static class PostFields
{
    public const int MaxGroupLength = 64;

    public const string GroupRule = "must be 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-' (e.g. \"samut-sakhon\").";

    public static bool IsValidGroup(string? group) =>
        group is { Length: > 0 and <= MaxGroupLength }
        && group[0] != '-'
        && group[^1] != '-'
        && group.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    public static string? GroupProblem(string group) => IsValidGroup(group) ? null : GroupRule;

    /// <summary>
    /// An absolute http or https URL without user name or password: credentials are secrets and live in
    /// configuration (<c>Gateway:Snapshot:Credentials</c>), never in the registry, an export or the API.
    /// </summary>
    public static Uri? ParseCamera(string text, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = "must be an absolute http or https URL of the camera's still image.";
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // The value is not repeated: it holds a password.
            problem = "must not contain a user name or password; put camera credentials in Gateway:Snapshot:Credentials.";
            return null;
        }

        return uri;
    }
}
