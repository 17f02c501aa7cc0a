using System.Globalization;
using System.Text;
using SosPost.Cli.Gateway;

namespace SosPost.Cli.Posts;

/// <summary><c>sospost posts import|export|show</c>.</summary>
internal static class PostsCommands
{
    /// <summary>Reads a CSV or GeoJSON file whole; every problem in it is an error line, and none is imported then.</summary>
    public static PostsReadResult ReadFile(string path, string? format)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: cannot be read: {e.Message}");
        }

        format ??= Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".geojson" or ".json" => "geojson",
            _ => throw new CliException(ExitCodes.Usage, $"{path}: say --format csv or --format geojson (the file name does not tell)"),
        };
        return format == "csv" ? PostsCsv.Parse(text) : PostsGeoJson.Parse(text);
    }

    public static async Task<int> ImportAsync(string file, string? format, string? registry, GatewayLogin? gateway, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (registry is null && gateway is null)
        {
            throw new CliException(ExitCodes.Usage, "posts import: give --registry PATH (the gateway's seed file), --gateway URL, or both");
        }

        var read = ReadFile(file, format);
        if (!read.Ok)
        {
            foreach (var problem in read.Errors)
            {
                await error.WriteLineAsync($"{file}: {problem}");
            }

            throw new CliException(ExitCodes.InvalidInput, $"{file}: {read.Errors.Count} error(s); nothing was imported");
        }

        if (read.Posts.Count == 0)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{file}: holds no posts; nothing was imported");
        }

        // Everything is checked before anything is written: the registry file, then the gateway.
        List<PostRecord>? merged = null;
        int added = 0, updated = 0;
        if (registry is not null)
        {
            var existing = RegistryFile.Load(registry);
            if (!existing.Ok)
            {
                throw new CliException(ExitCodes.InvalidInput, existing.Errors[0] + (existing.Errors.Count > 1 ? $" (and {existing.Errors.Count - 1} more)" : string.Empty));
            }

            (merged, added, updated) = RegistryFile.Merge(existing.Posts, read.Posts);
        }

        GatewayClient? client = null;
        try
        {
            if (gateway is not null)
            {
                client = await gateway.LoginAsync(ct);
            }

            if (registry is not null)
            {
                RegistryFile.Save(registry, merged!);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{registry}: {added} added, {updated} updated, {merged!.Count} posts in the registry file"));
            }

            if (client is not null)
            {
                var count = await client.PutPostsAsync(read.Posts, ct);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{client.BaseAddress}: {count} posts stored in the gateway's registry"));
            }
        }
        finally
        {
            client?.Dispose();
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ExportAsync(string format, string? registry, GatewayLogin? gateway, string? outputFile, TextWriter output, CancellationToken ct)
    {
        var posts = await LoadAsync(registry, gateway, ct);
        var text = format == "csv" ? PostsCsv.Write(posts) : PostsGeoJson.Write(posts);
        if (outputFile is null)
        {
            await output.WriteAsync(text);
        }
        else
        {
            await File.WriteAllTextAsync(outputFile, text, new UTF8Encoding(false), ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{outputFile}: {posts.Count} posts"));
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ShowAsync(string? id, string? registry, GatewayLogin? gateway, TextWriter output, CancellationToken ct)
    {
        if (gateway is not null)
        {
            using var client = await gateway.LoginAsync(ct);
            var views = (await client.PostsAsync(ct)).Where(p => id is null || p.Id == id).ToList();
            if (id is not null && views.Count == 0)
            {
                throw new CliException(ExitCodes.UnknownPost, $"the gateway does not know post {id}");
            }

            foreach (var view in views)
            {
                await output.WriteLineAsync(Describe(view));
            }

            return ExitCodes.Ok;
        }

        var posts = (await LoadAsync(registry, null, ct)).Where(p => id is null || p.Id == id).ToList();
        if (id is not null && posts.Count == 0)
        {
            throw new CliException(ExitCodes.UnknownPost, $"{registry}: no post {id}");
        }

        foreach (var post in posts)
        {
            await output.WriteLineAsync(Describe(post));
        }

        return ExitCodes.Ok;
    }

    public static string Describe(PostRecord post)
    {
        var extra = (post.Group.Length > 0 ? $" | group {post.Group}" : string.Empty) + (post.Camera.Length > 0 ? $" | camera {post.Camera}" : string.Empty);
        return string.Create(CultureInfo.InvariantCulture, $"{post.Id,-12} {post.Latitude,10:0.00000} {post.Longitude,11:0.00000}  {post.Name} | {post.Address} | {post.Station}{extra}");
    }

    private static string Describe(PostView post)
    {
        var state = post.Online ? "online " : "OFFLINE";
        var seen = post.LastSeen is { } at ? "last seen " + at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "never seen";
        var troubles = post.OpenTroubles is { Count: > 0 } open ? " | troubles: " + string.Join(", ", open.Select(t => t.Type)) : string.Empty;
        var test = post.LatestSelfTest is { } t ? $" | self-test {(t.Ok ? "PASS" : "FAIL")} {t.ReceivedAt.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)}" : string.Empty;
        return $"{post.Id,-12} {state} {post.Name} | {seen} | firmware {post.Firmware ?? "?"} config {post.ConfigHash ?? "?"}{troubles}{test}";
    }

    private static async Task<IReadOnlyList<PostRecord>> LoadAsync(string? registry, GatewayLogin? gateway, CancellationToken ct)
    {
        if (gateway is not null)
        {
            using var client = await gateway.LoginAsync(ct);
            return [.. (await client.PostsAsync(ct)).Select(v => new PostRecord(v.Id, v.Name, v.Latitude, v.Longitude, v.Address, v.Station, v.Group ?? string.Empty, v.Camera ?? string.Empty))];
        }

        if (registry is null)
        {
            throw new CliException(ExitCodes.Usage, "give --registry PATH or --gateway URL");
        }

        if (!File.Exists(registry))
        {
            throw new CliException(ExitCodes.InvalidInput, $"{registry}: no such file");
        }

        var read = RegistryFile.Load(registry);
        return read.Ok ? read.Posts : throw new CliException(ExitCodes.InvalidInput, read.Errors[0]);
    }
}
