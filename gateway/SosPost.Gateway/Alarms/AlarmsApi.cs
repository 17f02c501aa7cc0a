using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Registry;
using SosPost.Protocol;

namespace SosPost.Gateway.Alarms;

public static class AlarmsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    /// <summary>
    /// <c>GET /api/alarms</c> (newest first), <c>POST /api/alarms/{id}/acknowledge</c> and
    /// <c>POST /api/alarms/{id}/resolve</c> (JSON: outcome, notes), for dispatchers and admins.
    /// </summary>
    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder endpoints)
    {
        var alarms = endpoints.MapGroup("/api/alarms").RequireAuthorization(ConsoleRoles.WorkAlarms);
        alarms.MapGet("/", ListAsync);
        alarms.MapPost("/{id:long}/acknowledge", AcknowledgeAsync);
        alarms.MapPost("/{id:long}/resolve", AlarmResolveApi.ResolveAsync);
        endpoints.MapAlarmStatsApi();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IAlarmStore store, IAlarmResolutionStore resolutions, IPostRegistry registry, int? limit, CancellationToken cancellationToken)
    {
        var alarms = await store.ListAsync(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), cancellationToken);
        var resolved = await resolutions.ForAlarmsAsync([.. alarms.Select(a => a.Alarm.Id)], cancellationToken);
        return Results.Ok(alarms.Select(item => AlarmView.From(item, registry.Find(item.Alarm.PostId)) with
        {
            Resolution = resolved.GetValueOrDefault(item.Alarm.Id),
        }));
    }

    /// <summary>A dispatcher took the alarm: store it, then tell the post help is coming.</summary>
    private static async Task<IResult> AcknowledgeAsync(
        long id,
        HttpContext context,
        IAlarmStore store,
        IPostNotifier notifier,
        AlarmMetrics metrics,
        IAuditLog audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var user = context.User.Identity?.Name ?? "unknown";
        var result = await store.AcknowledgeAsync(id, user, time.GetUtcNow(), cancellationToken);
        if (result is null)
        {
            return Results.NotFound();
        }

        // Sent again on a repeated acknowledge too: harmless for the post, and a repair if it missed it.
        notifier.AlarmStateChanged(result.PostId, result.AlarmId, AlarmState.Dispatched, result.DispatchedAt);
        if (!result.AlreadyDispatched)
        {
            metrics.Acknowledged(result.ReceivedAt, result.DispatchedAt);
            loggers.CreateLogger(typeof(AlarmsApi)).LogInformation("Alarm {AlarmId} of post {PostId} acknowledged by {UserName}", result.AlarmId, result.PostId, result.DispatchedBy);
            await audit.RecordAsync(context, time, AuditActions.Acknowledge, id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"post {result.PostId} alarm {result.AlarmId}");
        }

        return Results.Ok(new { id = result.RowId, result.PostId, result.AlarmId, state = "dispatched", result.DispatchedAt, result.DispatchedBy });
    }

    public sealed record AlarmView(
        long Id,
        string PostId,
        long AlarmId,
        string Kind,
        bool Test,
        int Presses,
        bool Snapshot,
        DateTimeOffset? PressedAt,
        DateTimeOffset? PressedAtEstimated,
        DateTimeOffset ReceivedAt,
        string State,
        DateTimeOffset? DispatchedAt,
        string? DispatchedBy,
        PostView? Post,
        IReadOnlyList<DeliveryStatus> Deliveries)
    {
        /// <summary>How a dispatcher closed the alarm; null while it is open.</summary>
        public AlarmResolution? Resolution { get; init; }

        /// <summary>No dispatcher acknowledged it in time, so it went to the escalation target (<c>Gateway:Escalation</c>).</summary>
        public bool Escalated => EscalatedAt is not null;

        /// <summary>When it was escalated; null if it never was.</summary>
        public DateTimeOffset? EscalatedAt { get; init; }

        public static AlarmView From(AlarmWithDeliveries item, Post? post)
        {
            var a = item.Alarm;
            return new AlarmView(
                a.Id,
                a.PostId,
                a.AlarmId,
                a.Kind,
                a.Test,
                a.Presses,
                a.Snapshot,
                a.PressedAt,
                a.PressedAtEstimated,
                a.ReceivedAt,
                a.State == AlarmState.Dispatched ? "dispatched" : "received",
                a.DispatchedAt,
                a.DispatchedBy,
                post is null ? null : new PostView(post.Name, post.Address, post.Station, post.Latitude, post.Longitude),
                item.Deliveries)
            {
                EscalatedAt = a.EscalatedAt,
            };
        }
    }

    public sealed record PostView(string Name, string Address, string Station, double Latitude, double Longitude);
}
