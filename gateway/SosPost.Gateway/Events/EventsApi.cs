using SosPost.Gateway.Console;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Events;

public static class EventsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    /// <summary><c>GET /api/posts/{id}/events?limit=100</c>: a post's trouble events, newest first; 404 for a post not in the registry.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/posts/{id}/events", ListAsync).RequireAuthorization(ConsoleRoles.SeePosts);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(string id, int? limit, IPostRegistry registry, IEventStore events, CancellationToken cancellationToken)
    {
        if (registry.Find(id) is null)
        {
            return Results.NotFound();
        }

        var list = await events.ListAsync(id, Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), cancellationToken);
        return Results.Ok(list.Select(e => new EventView(e.EventId, e.Type, e.Active, e.UptimeMs, e.At, e.ReceivedAt)));
    }

    /// <summary>One event of a post: <c>Active</c> true raised the trouble, false restored it.</summary>
    public sealed record EventView(long EventId, string Type, bool Active, long UptimeMs, DateTimeOffset? At, DateTimeOffset ReceivedAt);
}
