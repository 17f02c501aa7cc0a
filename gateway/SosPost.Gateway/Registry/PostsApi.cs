namespace SosPost.Gateway.Registry;

public static class PostsApi
{
    /// <summary><c>GET /api/posts</c>: the registry with each post's online state.</summary>
    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/posts", ListAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IPostRegistry registry, IPostStore store, CancellationToken cancellationToken)
    {
        var presence = (await store.AllPresenceAsync(cancellationToken)).ToDictionary(p => p.PostId, StringComparer.Ordinal);
        var posts = registry.All
            .OrderBy(post => post.Id, StringComparer.Ordinal)
            .Select(post =>
            {
                var seen = presence.GetValueOrDefault(post.Id);
                return new PostView(post.Id, post.Name, post.Latitude, post.Longitude, post.Address, post.Station, seen?.Online ?? false, seen?.Firmware, seen?.LastSeen);
            });
        return Results.Ok(posts);
    }

    public sealed record PostView(
        string Id,
        string Name,
        double Latitude,
        double Longitude,
        string Address,
        string Station,
        bool Online,
        string? Firmware,
        DateTimeOffset? LastSeen);
}
