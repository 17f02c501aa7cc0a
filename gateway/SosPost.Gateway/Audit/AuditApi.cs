using SosPost.Gateway.Console;

namespace SosPost.Gateway.Audit;

public static class AuditApi
{
    private const int DefaultLimit = 200;
    private const int MaxLimit = 1000;

    /// <summary><c>GET /api/audit?limit=200&amp;before=ID</c>: operator actions, newest first (admins only).</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/audit", ListAsync).RequireAuthorization(ConsoleRoles.Administer);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IAuditLog audit, int? limit, long? before, CancellationToken cancellationToken) =>
        Results.Ok(await audit.ListAsync(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), before, cancellationToken));

    /// <summary>Records an action of the request's user.</summary>
    public static Task RecordAsync(this IAuditLog audit, HttpContext context, TimeProvider time, string action, string? subject = null, string? detail = null) =>
        audit.RecordAsync(new AuditEntry(time.GetUtcNow(), context.User.Identity?.Name ?? "unknown", action, subject, detail), context.RequestAborted);
}
