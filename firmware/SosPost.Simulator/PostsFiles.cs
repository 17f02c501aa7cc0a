using System.Text.Json;
using SosPost.Protocol;

namespace SosPost.Simulator;

/// <summary>One entry of the posts file (scripts/demo/posts.json); only the id drives the simulation.</summary>
internal sealed record PostEntry(string Id, string? Name, double Latitude, double Longitude, string? Address, string? Station);

/// <summary>
/// A post's secrets: its broker password, its message key and, for mutual TLS, the files of its client certificate and
/// key (PEM, as <c>sospost provision --cert</c> writes them). The password is then optional, and used only with
/// <paramref name="PasswordFallback"/>, as on a post (docs/flashing.md, section 4).
/// </summary>
internal sealed record PostCredentials(string Password, byte[] Key, string? ClientCert = null, string? ClientKey = null, bool PasswordFallback = false);

/// <summary>
/// Reads the posts file ({"posts":[...]}) and the credentials file ({"MHC-001":{"password":"...","key":"..."}}, with
/// optional "clientCert", "clientKey" and "passwordFallback").
/// </summary>
internal static class PostsFiles
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The posts, or null with a message.</summary>
    public static IReadOnlyList<PostEntry>? LoadPosts(string path, out string? error)
    {
        error = null;
        PostsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PostsDocument>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = "posts file " + path + ": " + e.Message;
            return null;
        }

        var posts = document?.Posts ?? [];
        if (posts.Count == 0)
        {
            error = "posts file " + path + " lists no posts";
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var post in posts)
        {
            if (!Topics.IsValidPostId(post.Id))
            {
                error = "posts file " + path + ": '" + post.Id + "' is not a valid post id";
                return null;
            }

            if (!seen.Add(post.Id))
            {
                error = "posts file " + path + ": post " + post.Id + " is listed twice";
                return null;
            }
        }

        return posts;
    }

    /// <summary>
    /// Post id to its broker password and message key, or null with a message. Each entry is
    /// {"password":"...","key":"64 hex characters"} (the key as <c>sospost provision</c> derives it).
    /// </summary>
    public static IReadOnlyDictionary<string, PostCredentials>? LoadCredentials(string path, out string? error)
    {
        error = null;
        Dictionary<string, JsonElement>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = "credentials file " + path + ": " + e.Message;
            return null;
        }

        if (entries is null)
        {
            error = "credentials file " + path + " is empty";
            return null;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var credentials = new Dictionary<string, PostCredentials>(StringComparer.Ordinal);
        foreach (var (id, entry) in entries)
        {
            var password = Text(entry, "password");
            var keyText = Text(entry, "key");
            var clientCert = Text(entry, "clientCert");
            var clientKey = Text(entry, "clientKey");
            var fallback = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("passwordFallback", out var f) && f.ValueKind == JsonValueKind.True;
            if (clientCert is null != clientKey is null)
            {
                error = "credentials file " + path + ": post " + id + " needs both \"clientCert\" and \"clientKey\" (PEM files), or neither";
                return null;
            }

            if (fallback && clientCert is null)
            {
                error = "credentials file " + path + ": post " + id + " has \"passwordFallback\" without \"clientCert\"";
                return null;
            }

            if (string.IsNullOrEmpty(password) && (clientCert is null || fallback))
            {
                error = "credentials file " + path + ": post " + id + " has no \"password\"";
                return null;
            }

            if (SosPost.Protocol.Security.MessageAuth.ParseKey(keyText) is not { } key)
            {
                error = "credentials file " + path + ": post " + id + " has no \"key\" of 64 hex characters (its message key)";
                return null;
            }

            credentials[id] = new PostCredentials(
                password ?? string.Empty,
                key,
                clientCert is null ? null : Path.Combine(folder, clientCert),
                clientKey is null ? null : Path.Combine(folder, clientKey),
                fallback);
        }

        return credentials;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record PostsDocument(List<PostEntry>? Posts);
}
