using SosPost.Gateway.Console;

namespace SosPost.Gateway.Snapshots;

public static class SnapshotsApi
{
    /// <summary>
    /// <c>GET /api/alarms/{id}/snapshot</c>: an alarm's camera picture for console users who work alarms; and
    /// <c>GET /snapshots/{id}?exp=&amp;sig=</c>: the same for dispatch targets, by a signed link that expires
    /// (<see cref="SnapshotLinks"/>); a wrong or expired link is answered 403.
    /// </summary>
    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/alarms/{id:long}/snapshot", ForConsoleAsync).RequireAuthorization(ConsoleRoles.WorkAlarms);
        endpoints.MapGet(SnapshotLinks.Path + "/{id:long}", ByLinkAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> ForConsoleAsync(long id, ISnapshotStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is { } picture)
        {
            return Image(picture);
        }

        // Why there is none helps the dispatcher more than a bare 404.
        var status = await store.GetStatusAsync(id, cancellationToken);
        return Results.NotFound(new { error = status?.Error is { } error ? "no picture: " + error : "no picture (yet) for this alarm" });
    }

    private static async Task<IResult> ByLinkAsync(long id, string? exp, string? sig, SnapshotLinks links, ISnapshotStore store, CancellationToken cancellationToken)
    {
        if (!links.IsValid(id, exp, sig))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        return await store.GetAsync(id, cancellationToken) is { } picture ? Image(picture) : Results.NotFound();
    }

    /// <summary>The picture as stored; never cached by a shared cache: it shows a person in distress.</summary>
    private static IResult Image(StoredSnapshot picture) => new PictureResult(picture);

    private sealed class PictureResult(StoredSnapshot picture) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "private, no-store";
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            httpContext.Response.Headers.LastModified = picture.TakenAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return Results.Bytes(picture.Bytes, picture.ContentType).ExecuteAsync(httpContext);
        }
    }
}
