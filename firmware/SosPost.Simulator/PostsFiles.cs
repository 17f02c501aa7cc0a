using System.Text.Json;
using SosPost.Protocol;

namespace SosPost.Simulator;

/// <summary>One entry of the posts file (scripts/demo/posts.json); only the id drives the simulation.</summary>
internal sealed record PostEntry(string Id, string? Name, double Latitude, double Longitude, string? Address, string? Station);

/// <summary>Reads the posts file ({"posts":[...]}) and the credentials file ({"MHC-001":"password"}).</summary>
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

    /// <summary>Post id to password, or null with a message.</summary>
    public static IReadOnlyDictionary<string, string>? LoadCredentials(string path, out string? error)
    {
        error = null;
        try
        {
            var credentials = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
            if (credentials is null)
            {
                error = "credentials file " + path + " is empty";
            }

            return credentials;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = "credentials file " + path + ": " + e.Message;
            return null;
        }
    }

    private sealed record PostsDocument(List<PostEntry>? Posts);
}
