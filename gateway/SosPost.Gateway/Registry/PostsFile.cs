using System.Text.Json;
using SosPost.Protocol;

namespace SosPost.Gateway.Registry;

/// <summary>
/// Reads a posts file. Every problem is reported with the entry and field it is in, and a file with
/// any problem is refused as a whole: a post placed at the wrong coordinates sends police to the wrong street.
/// </summary>
public static class PostsFile
{
    public static IReadOnlyList<Post> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PostsFileException(path, [$"cannot be read: {ex.Message}"]);
        }

        return Parse(text, path);
    }

    public static IReadOnlyList<Post> Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new PostsFileException(source, [$"is not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("posts", out var entries)
                || entries.ValueKind != JsonValueKind.Array)
            {
                throw new PostsFileException(source, ["must be an object with a \"posts\" array."]);
            }

            var errors = new List<string>();
            var posts = new List<Post>();
            var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                var post = ReadEntry(entry, index, errors);
                if (post is not null)
                {
                    if (firstIndexOfId.TryGetValue(post.Id, out var first))
                    {
                        errors.Add($"{Label(index, post.Id)}: \"id\" repeats the id of posts[{first}].");
                    }
                    else
                    {
                        firstIndexOfId.Add(post.Id, index);
                        posts.Add(post);
                    }
                }

                index++;
            }

            if (errors.Count > 0)
            {
                throw new PostsFileException(source, errors);
            }

            return posts;
        }
    }

    private static Post? ReadEntry(JsonElement entry, int index, List<string> errors)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"posts[{index}] must be an object.");
            return null;
        }

        var before = errors.Count;
        var id = Text(entry, "id", Label(index, null), errors);
        var label = Label(index, id);
        if (id is not null && !Topics.IsValidPostId(id))
        {
            errors.Add($"{label}: \"id\" must be 1 to {Topics.MaxPostIdLength} characters of A-Z, 0-9 and '-', not starting with '-'.");
        }

        var name = Text(entry, "name", label, errors);
        var latitude = Number(entry, "latitude", -90, 90, label, errors);
        var longitude = Number(entry, "longitude", -180, 180, label, errors);
        var address = Text(entry, "address", label, errors);
        var station = Text(entry, "station", label, errors);
        var group = Group(entry, label, errors);
        var camera = Camera(entry, label, errors);
        return errors.Count > before ? null : new Post(id!, name!, latitude, longitude, address!, station!, group, camera);
    }

    /// <summary>Optional; absent or null is <see cref="Post.DefaultGroup"/>.</summary>
    private static string Group(JsonElement entry, string label, List<string> errors)
    {
        if (!entry.TryGetProperty("group", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Post.DefaultGroup;
        }

        var problem = value.ValueKind == JsonValueKind.String ? PostFields.GroupProblem(value.GetString()!) : PostFields.GroupRule;
        if (problem is not null)
        {
            errors.Add($"{label}: \"group\" {problem}");
            return Post.DefaultGroup;
        }

        return value.GetString()!;
    }

    /// <summary>Optional; absent or null means the post has no camera the gateway can fetch a picture from.</summary>
    private static Uri? Camera(JsonElement entry, string label, List<string> errors)
    {
        if (!entry.TryGetProperty("camera", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{label}: \"camera\" must be a string: the camera's still-image URL.");
            return null;
        }

        var camera = PostFields.ParseCamera(value.GetString()!, out var problem);
        if (problem is not null)
        {
            errors.Add($"{label}: \"camera\" {problem}");
        }

        return camera;
    }

    private static string Label(int index, string? id) => id is null ? $"posts[{index}]" : $"posts[{index}] (\"{id}\")";

    private static string? Text(JsonElement entry, string field, string label, List<string> errors)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"{label}: \"{field}\" is missing.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add($"{label}: \"{field}\" must be a non-empty string.");
            return null;
        }

        return value.GetString()!.Trim();
    }

    private static double Number(JsonElement entry, string field, double min, double max, string label, List<string> errors)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"{label}: \"{field}\" is missing.");
            return double.NaN;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            errors.Add($"{label}: \"{field}\" must be a number from {min} to {max}.");
            return double.NaN;
        }

        return number;
    }
}

/// <summary>A posts file the gateway refuses; the message lists every problem.</summary>
public sealed class PostsFileException(string source, IReadOnlyList<string> errors)
    : Exception($"Posts file '{source}': " + (errors.Count == 1 ? errors[0] : string.Concat(errors.Select(e => Environment.NewLine + "  " + e))))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
