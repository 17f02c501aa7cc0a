using SosPost.Gateway.Alarms;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Dispatch;

public static class DispatchApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    /// <summary><c>GET /api/dispatch/dead</c> (newest alarm first) and <c>POST /api/dispatch/{outboxId}/retry</c>.</summary>
    public static IEndpointRouteBuilder MapDispatchApi(this IEndpointRouteBuilder endpoints)
    {
        var dispatch = endpoints.MapGroup("/api/dispatch").RequireAuthorization(ConsoleRoles.WorkAlarms);
        dispatch.MapGet("/dead", ListDeadAsync);
        dispatch.MapPost("/{outboxId:long}/retry", RetryAsync);
        return endpoints;
    }

    private static async Task<IResult> ListDeadAsync(IDispatchOutbox outbox, IPostRegistry registry, int? limit, CancellationToken cancellationToken)
    {
        var dead = await outbox.ListDeadAsync(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), cancellationToken);
        return Results.Ok(dead.Select(row => DeadLetterView.From(row, registry.Find(row.Alarm.PostId))));
    }

    /// <summary>An operator sends a dead delivery again: back to pending, attempts from 0, due now.</summary>
    private static async Task<IResult> RetryAsync(
        long outboxId,
        HttpContext context,
        IDispatchOutbox outbox,
        DispatchSignal signal,
        IAuditLog audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var result = await outbox.RetryDeadAsync(outboxId, time.GetUtcNow(), cancellationToken);
        if (result.Outcome == RetryDeadOutcome.NotFound)
        {
            return Results.NotFound();
        }

        if (result.Outcome == RetryDeadOutcome.NotDead)
        {
            return Results.Conflict(new { outboxId, error = "only a dead delivery can be retried" });
        }

        signal.Notify();
        var row = result.Row!;
        var user = context.User.Identity?.Name ?? "unknown";
        loggers.CreateLogger(typeof(DispatchApi)).LogInformation(
            "Dead delivery {OutboxId} of alarm {AlarmId} of post {PostId} to {Target} retried by {UserName}; it had failed {Attempts} attempts, last: {LastError}",
            row.OutboxId, row.Alarm.AlarmId, row.Alarm.PostId, row.Target, user, row.Attempts, row.LastError);
        await audit.RecordAsync(
            context, time, AuditActions.DeadLetterRetry, outboxId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{row.Target} delivery of post {row.Alarm.PostId} alarm {row.Alarm.AlarmId}");
        return Results.Ok(new { outboxId, status = OutboxStatus.Pending, retriedBy = user });
    }

    public sealed record DeadLetterView(
        long OutboxId,
        string Target,
        int Attempts,
        string? LastError,
        long AlarmRowId,
        string PostId,
        long AlarmId,
        DateTimeOffset ReceivedAt,
        string State,
        AlarmsApi.PostView? Post,
        string Kind = OutboxKind.Alarm)
    {
        public static DeadLetterView From(DeadLetter row, Post? post) => new(
            row.OutboxId,
            row.Target,
            row.Attempts,
            row.LastError,
            row.Alarm.Id,
            row.Alarm.PostId,
            row.Alarm.AlarmId,
            row.Alarm.ReceivedAt,
            row.Alarm.State == Protocol.AlarmState.Dispatched ? "dispatched" : "received",
            post is null ? null : new AlarmsApi.PostView(post.Name, post.Address, post.Station, post.Latitude, post.Longitude),
            row.Kind);
    }
}
