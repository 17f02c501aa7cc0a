using SosPost.Gateway.Console;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Alarms;

public static class AlarmStatsApi
{
    /// <summary>
    /// <c>GET /api/stats/posts?since=2026-11-01T00:00:00Z</c>: per post, its alarms (self-tests excluded),
    /// presses, how many were resolved as real, prank, test or fault, and the prank rate among resolved ones.
    /// Every post of the registry is listed, with zeros when it had no alarm.
    /// </summary>
    public static IEndpointRouteBuilder MapAlarmStatsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/stats/posts", ListAsync).RequireAuthorization(ConsoleRoles.SeePosts);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IAlarmResolutionStore store, IPostRegistry registry, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var counts = (await store.CountsByPostAsync(since, cancellationToken)).ToDictionary(c => c.PostId, StringComparer.Ordinal);
        var known = registry.All.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var rows = registry.All
            .Select(post => PostStatsView.From(counts.GetValueOrDefault(post.Id) ?? new PostAlarmCounts(post.Id, 0, 0, 0, 0, 0, 0), post))
            .Concat(counts.Values.Where(c => !known.Contains(c.PostId)).Select(c => PostStatsView.From(c, null)))
            .OrderBy(view => view.PostId, StringComparer.Ordinal);
        return Results.Ok(rows);
    }

    /// <summary><c>Name</c> is null for a post no longer in the registry.</summary>
    public sealed record PostStatsView(
        string PostId,
        string? Name,
        int Alarms,
        int Presses,
        int Real,
        int Prank,
        int Test,
        int Fault,
        int Resolved,
        int Open,
        double? PrankRate)
    {
        public static PostStatsView From(PostAlarmCounts c, Post? post) =>
            new(c.PostId, post?.Name, c.Alarms, c.Presses, c.Real, c.Prank, c.Test, c.Fault, c.Resolved, c.Open, c.PrankRate);
    }
}
