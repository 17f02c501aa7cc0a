namespace SosPost.Gateway.Maintenance;

public static class MaintenanceApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    /// <summary><c>GET /api/maintenance?open=true&amp;limit=100</c>: maintenance alerts, newest raised first.</summary>
    public static IEndpointRouteBuilder MapMaintenanceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/maintenance", ListAsync).RequireAuthorization(SosPost.Gateway.Console.ConsoleRoles.SeePosts);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(bool? open, int? limit, IMaintenanceAlertStore alerts, Registry.IPostRegistry registry, CancellationToken cancellationToken)
    {
        var list = await alerts.ListAsync(open ?? false, Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), cancellationToken);
        return Results.Ok(list.Select(a => new AlertView(
            a.Id, a.PostId, registry.Find(a.PostId)?.Name, a.Type, a.Source, a.RaisedAt, a.ClearedAt, a.ClearedBy, a.ClearedAt is null)));
    }

    /// <summary>An alert; <c>PostName</c> is null for a post no longer in the registry.</summary>
    public sealed record AlertView(
        long Id,
        string PostId,
        string? PostName,
        string Type,
        string Source,
        DateTimeOffset RaisedAt,
        DateTimeOffset? ClearedAt,
        string? ClearedBy,
        bool Open);
}
