using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Events;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Registry;

public static class PostsApi
{
    /// <summary><c>GET /api/posts</c>: the registry with each post's health: online state, heartbeat, open troubles, latest self-test.</summary>
    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/posts", ListAsync).RequireAuthorization(ConsoleRoles.SeePosts);
        endpoints.MapPut("/api/posts", UpsertAsync).RequireAuthorization(ConsoleRoles.Administer);
        return endpoints;
    }

    /// <summary>
    /// <c>PUT /api/posts</c> with a posts file (<c>{"posts":[...]}</c>, as <c>sospost posts import</c> sends it):
    /// inserts new posts and updates known ones, keeping the others (alarms refer to them). Checked by the posts
    /// file's rules first: one bad entry answers 400 with every problem and stores nothing. Admins only; each import
    /// is in the audit log with the count and ids imported.
    /// </summary>
    private static async Task<IResult> UpsertAsync(
        HttpContext context,
        IPostStore store,
        PostRegistry registry,
        IAuditLog audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        IReadOnlyList<Post> posts;
        try
        {
            posts = PostsFile.Parse(body, "request");
        }
        catch (PostsFileException e)
        {
            return Results.BadRequest(new { errors = e.Errors });
        }

        await store.UpsertAsync(posts, time.GetUtcNow(), cancellationToken);
        registry.Load(await store.AllAsync(cancellationToken));
        await audit.RecordAsync(context, time, AuditActions.PostsImport, detail: ImportDetail(posts));
        loggers.CreateLogger(typeof(PostsApi)).LogInformation(
            "{PostCount} posts upserted into the registry by {UserName}", posts.Count, context.User.Identity?.Name ?? "unknown");
        return Results.Ok(new { count = posts.Count });
    }

    /// <summary>"3 posts: MHC-001, MHC-002, MHC-003"; a district-sized import names its first ids only, to keep the entry short.</summary>
    private static string ImportDetail(IReadOnlyList<Post> posts)
    {
        const int namedIds = 20;
        var ids = string.Join(", ", posts.Take(namedIds).Select(post => post.Id));
        var more = posts.Count > namedIds ? $" and {posts.Count - namedIds} more" : string.Empty;
        return $"{posts.Count} {(posts.Count == 1 ? "post" : "posts")}: {ids}{more}";
    }

    private static async Task<IResult> ListAsync(
        IPostRegistry registry,
        IPostStore store,
        Supervision.IPostSupervisionStore supervision,
        IEventStore events,
        ISelfTestStore selfTests,
        CancellationToken cancellationToken)
    {
        var presence = (await store.AllPresenceAsync(cancellationToken)).ToDictionary(p => p.PostId, StringComparer.Ordinal);
        var offline = (await supervision.OfflineAsync(cancellationToken)).ToDictionary(o => o.PostId, StringComparer.Ordinal);
        var troubles = (await events.OpenTroublesAsync(cancellationToken)).ToLookup(e => e.PostId, StringComparer.Ordinal);
        var latestTests = (await selfTests.LatestAsync(cancellationToken)).ToDictionary(t => t.PostId, StringComparer.Ordinal);
        var posts = registry.All
            .OrderBy(post => post.Id, StringComparer.Ordinal)
            .Select(post =>
            {
                var seen = presence.GetValueOrDefault(post.Id);
                return new PostView(
                    post.Id,
                    post.Name,
                    post.Latitude,
                    post.Longitude,
                    post.Address,
                    post.Station,
                    post.Group,
                    post.Camera?.AbsoluteUri,
                    seen?.Online ?? false,
                    seen?.Firmware,
                    seen?.LastSeen,
                    seen?.ConfigHash,
                    seen?.Health,
                    [.. troubles[post.Id].Select(e => new TroubleView(e.Type, e.EventId, e.At, e.ReceivedAt))],
                    latestTests.GetValueOrDefault(post.Id) is { } test ? SelfTestView.From(test) : null)
                {
                    Offline = seen is { Online: false } && offline.GetValueOrDefault(post.Id) is { } spell ? new OfflineView(spell.Reason, spell.Since) : null,
                };
            });
        return Results.Ok(posts);
    }

    /// <summary>
    /// A post with its health: <c>Group</c> picks its dispatch targets, <c>Camera</c> is its camera's
    /// still-image URL (null: none; credentials are never shown, they are not in the registry). <c>Health</c> is what its latest heartbeat said (null before the first one),
    /// <c>OpenTroubles</c> the troubles raised and not restored, oldest first.
    /// </summary>
    public sealed record PostView(
        string Id,
        string Name,
        double Latitude,
        double Longitude,
        string Address,
        string Station,
        string Group,
        string? Camera,
        bool Online,
        string? Firmware,
        DateTimeOffset? LastSeen,
        string? ConfigHash,
        PostHealth? Health,
        IReadOnlyList<TroubleView> OpenTroubles,
        SelfTestView? LatestSelfTest)
    {
        /// <summary>Why the post is offline; null while online or when the gateway does not know why.</summary>
        public OfflineView? Offline { get; init; }
    }

    /// <summary>
    /// Why an offline post is offline: <c>Reason</c> <c>last-will</c> (the broker published its last will) or
    /// <c>missed-heartbeats</c> (nothing heard for <c>Gateway:Supervision:OfflineAfter</c>), and since when.
    /// </summary>
    public sealed record OfflineView(string Reason, DateTimeOffset Since);

    /// <summary>An open trouble; <c>At</c> is the post's time when it raised it, null when its clock was not synced.</summary>
    public sealed record TroubleView(string Type, long EventId, DateTimeOffset? At, DateTimeOffset ReceivedAt);

    public sealed record SelfTestView(
        string Id,
        string Trigger,
        bool Ok,
        string Lamp,
        string Camera,
        string Link,
        string Storage,
        long? LinkRttMs,
        DateTimeOffset? At,
        DateTimeOffset ReceivedAt)
    {
        public static SelfTestView From(SelfTestReport r) =>
            new(r.TestId, r.Trigger, r.Ok, r.Lamp, r.Camera, r.Link, r.Storage, r.LinkRttMs, r.At, r.ReceivedAt);
    }
}
