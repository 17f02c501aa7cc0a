using SosPost.Gateway.Events;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Registry;

public static class PostsApi
{
    /// <summary><c>GET /api/posts</c>: the registry with each post's health: online state, heartbeat, open troubles, latest self-test.</summary>
    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/posts", ListAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(
        IPostRegistry registry,
        IPostStore store,
        IEventStore events,
        ISelfTestStore selfTests,
        CancellationToken cancellationToken)
    {
        var presence = (await store.AllPresenceAsync(cancellationToken)).ToDictionary(p => p.PostId, StringComparer.Ordinal);
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
                    seen?.Online ?? false,
                    seen?.Firmware,
                    seen?.LastSeen,
                    seen?.ConfigHash,
                    seen?.Health,
                    [.. troubles[post.Id].Select(e => new TroubleView(e.Type, e.EventId, e.At, e.ReceivedAt))],
                    latestTests.GetValueOrDefault(post.Id) is { } test ? SelfTestView.From(test) : null);
            });
        return Results.Ok(posts);
    }

    /// <summary>
    /// A post with its health: <c>Health</c> is what its latest heartbeat said (null before the first one),
    /// <c>OpenTroubles</c> the troubles raised and not restored, oldest first.
    /// </summary>
    public sealed record PostView(
        string Id,
        string Name,
        double Latitude,
        double Longitude,
        string Address,
        string Station,
        bool Online,
        string? Firmware,
        DateTimeOffset? LastSeen,
        string? ConfigHash,
        PostHealth? Health,
        IReadOnlyList<TroubleView> OpenTroubles,
        SelfTestView? LatestSelfTest);

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
