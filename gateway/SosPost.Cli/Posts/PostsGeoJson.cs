using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SosPost.Cli.Posts;

/// <summary>
/// Posts as a GeoJSON FeatureCollection (RFC 7946) of Points, coordinates [longitude, latitude], with the
/// properties id, name, address, station and the optional group and camera. Errors name the feature by
/// index (and id, when it has one) and the field.
/// </summary>
internal static class PostsGeoJson
{
    /// <summary>Keeps Thai and other non-ASCII text readable in the file (it is still valid JSON).</summary>
    public static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static PostsReadResult Parse(string text)
    {
        var result = new PostsReadResult();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text.TrimStart('\uFEFF'), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            // Duplicate names are refused here: a JsonObject built from them throws on first use.
            result.Errors.Add($"not valid JSON: {e.Message}");
            return result;
        }

        if (root is not JsonObject collection || Text(collection["type"]) != "FeatureCollection" || collection["features"] is not JsonArray features)
        {
            result.Errors.Add("must be a GeoJSON object with \"type\": \"FeatureCollection\" and a \"features\" array");
            return result;
        }

        var firstPlaceOfId = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < features.Count; index++)
        {
            var where = $"features[{index}]";
            if (features[index] is not JsonObject feature || Text(feature["type"]) != "Feature")
            {
                result.Errors.Add($"{where}: must be an object with \"type\": \"Feature\"");
                continue;
            }

            var properties = feature["properties"] as JsonObject;
            var id = Text(properties?["id"]) ?? string.Empty;
            if (id.Length > 0)
            {
                where += $" (\"{id}\")";
            }

            if (ReadFeature(feature, properties, id, where, result.Errors) is { } post)
            {
                result.AddUnlessDuplicate(post, where, firstPlaceOfId);
            }
        }

        return result;
    }

    public static string Write(IEnumerable<PostRecord> posts)
    {
        var features = new JsonArray();
        foreach (var post in posts)
        {
            var properties = new JsonObject
            {
                ["id"] = post.Id,
                ["name"] = post.Name,
                ["address"] = post.Address,
                ["station"] = post.Station,
            };
            if (post.Group.Length > 0)
            {
                properties["group"] = post.Group;
            }

            if (post.Camera.Length > 0)
            {
                properties["camera"] = post.Camera;
            }

            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(post.Longitude, post.Latitude) },
                ["properties"] = properties,
            });
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString(WriteOptions) + "\n";
    }

    private static PostRecord? ReadFeature(JsonObject feature, JsonObject? properties, string id, string where, List<string> errors)
    {
        var before = errors.Count;
        void Check(string field, string? problem)
        {
            if (problem is not null)
            {
                errors.Add($"{where}: {field}: {problem}");
            }
        }

        double latitude = 0, longitude = 0;
        if (feature["geometry"] is not JsonObject geometry || Text(geometry["type"]) != "Point")
        {
            Check("geometry", "must be a Point");
        }
        else if (geometry["coordinates"] is not JsonArray { Count: 2 or 3 } coordinates)
        {
            Check("geometry.coordinates", "must be [longitude, latitude]");
        }
        else
        {
            longitude = Coordinate(coordinates[0], 180, "geometry.coordinates[0] (longitude)", Check);
            latitude = Coordinate(coordinates[1], 90, "geometry.coordinates[1] (latitude)", Check);
        }

        if (properties is null)
        {
            Check("properties", "missing (it holds id, name, address, station)");
            return null;
        }

        string Required(string field)
        {
            var value = Text(properties[field]);
            Check("properties." + field, value is null ? "missing, or not a string" : PostRules.RequiredText(value));
            return value?.Trim() ?? string.Empty;
        }

        if (id.Length == 0)
        {
            Check("properties.id", "missing, or not a string");
        }
        else
        {
            Check("properties.id", PostRules.Id(id));
        }

        var name = Required("name");
        var address = Required("address");
        var station = Required("station");
        var group = Optional(properties, "group", Check);
        Check("properties.group", PostRules.Group(group));
        var camera = Optional(properties, "camera", Check);
        Check("properties.camera", PostRules.Camera(camera));
        return errors.Count > before ? null : new PostRecord(id, name, latitude, longitude, address, station, group, camera);
    }

    private static string Optional(JsonObject properties, string field, Action<string, string?> check)
    {
        var node = properties[field];
        if (node is null)
        {
            return string.Empty;
        }

        var value = Text(node);
        check("properties." + field, value is null ? "must be a string" : null);
        return value?.Trim() ?? string.Empty;
    }

    private static double Coordinate(JsonNode? node, double limit, string field, Action<string, string?> check)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            check(field, "must be a number");
            return 0;
        }

        var number = value.GetValue<double>();
        check(field, PostRules.InRange(number, limit, out var problem) ? null : problem);
        return number;
    }

    private static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate escape ("\ud800") is valid JSON but no text
        }
    }
}
