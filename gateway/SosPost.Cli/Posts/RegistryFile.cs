using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SosPost.Cli.Posts;

/// <summary>
/// The registry file the gateway seeds from (<c>Gateway:Registry:SeedFile</c>, <c>{"posts":[...]}</c>), read
/// with the gateway's rules and written whole through a temporary file, so a reader never sees half a file.
/// </summary>
internal static class RegistryFile
{
    public static PostsReadResult Parse(string json)
    {
        var result = new PostsReadResult();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            result.Errors.Add($"not valid JSON: {e.Message}");
            return result;
        }

        if (root is not JsonObject { } file || file["posts"] is not JsonArray entries)
        {
            result.Errors.Add("must be an object with a \"posts\" array");
            return result;
        }

        var firstPlaceOfId = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < entries.Count; index++)
        {
            var where = $"posts[{index}]";
            if (entries[index] is not JsonObject entry)
            {
                result.Errors.Add($"{where}: must be an object");
                continue;
            }

            // The GeoJSON reader holds the field rules; an entry is a feature with its point spelled out.
            var feature = new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(entry["longitude"]?.DeepClone(), entry["latitude"]?.DeepClone()) },
                ["properties"] = entry.DeepClone(),
            };
            var one = PostsGeoJson.Parse(new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(feature) }.ToJsonString());
            foreach (var error in one.Errors)
            {
                result.Errors.Add(where + error["features[0]".Length..]
                    .Replace("geometry.coordinates[0] (longitude)", "longitude", StringComparison.Ordinal)
                    .Replace("geometry.coordinates[1] (latitude)", "latitude", StringComparison.Ordinal)
                    .Replace("properties.", string.Empty, StringComparison.Ordinal));
            }

            if (one.Posts is [var post])
            {
                result.AddUnlessDuplicate(post, $"{where} (\"{post.Id}\")", firstPlaceOfId);
            }
        }

        return result;
    }

    public static string Write(IEnumerable<PostRecord> posts)
    {
        var entries = new JsonArray();
        foreach (var post in posts)
        {
            var entry = new JsonObject
            {
                ["id"] = post.Id,
                ["name"] = post.Name,
                ["latitude"] = post.Latitude,
                ["longitude"] = post.Longitude,
                ["address"] = post.Address,
                ["station"] = post.Station,
            };
            if (post.Group.Length > 0)
            {
                entry["group"] = post.Group;
            }

            if (post.Camera.Length > 0)
            {
                entry["camera"] = post.Camera;
            }

            entries.Add(entry);
        }

        return new JsonObject { ["posts"] = entries }.ToJsonString(PostsGeoJson.WriteOptions) + "\n";
    }

    /// <summary>The posts of the file; none when it does not exist yet.</summary>
    public static PostsReadResult Load(string path)
    {
        if (!File.Exists(path))
        {
            return new PostsReadResult();
        }

        var result = Parse(File.ReadAllText(path, Encoding.UTF8));
        for (var i = 0; i < result.Errors.Count; i++)
        {
            result.Errors[i] = path + ": " + result.Errors[i];
        }

        return result;
    }

    /// <summary>Writes the file whole: to a temporary file beside it, then moved over the old one.</summary>
    public static void Save(string path, IEnumerable<PostRecord> posts)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".new";
        File.WriteAllText(temporary, Write(posts), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Upserts <paramref name="incoming"/> by id: known posts are replaced in place, new ones appended, others kept.</summary>
    public static (List<PostRecord> Merged, int Added, int Updated) Merge(IReadOnlyList<PostRecord> existing, IReadOnlyList<PostRecord> incoming)
    {
        var byId = incoming.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var merged = new List<PostRecord>();
        var updated = 0;
        foreach (var post in existing)
        {
            if (byId.Remove(post.Id, out var replacement))
            {
                merged.Add(replacement);
                updated += replacement == post ? 0 : 1;
            }
            else
            {
                merged.Add(post);
            }
        }

        var added = incoming.Where(p => byId.ContainsKey(p.Id)).ToList();
        merged.AddRange(added);
        return (merged, added.Count, updated);
    }
}
