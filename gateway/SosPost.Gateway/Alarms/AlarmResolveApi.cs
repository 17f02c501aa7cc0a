using System.Globalization;
using SosPost.Gateway.Audit;

namespace SosPost.Gateway.Alarms;

/// <summary><c>POST /api/alarms/{id}/resolve</c>: a dispatcher closes an acknowledged alarm with what it turned out to be.</summary>
public static class AlarmResolveApi
{
    /// <summary>Enough for a shift's account of an incident; more is refused, not cut.</summary>
    public const int MaxNotes = 2000;

    public sealed record ResolveRequest(string? Outcome, string? Notes);

    internal static async Task<IResult> ResolveAsync(
        long id,
        ResolveRequest? request,
        HttpContext context,
        IAlarmResolutionStore store,
        IAuditLog audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var outcome = AlarmOutcome.All.FirstOrDefault(o => string.Equals(o, request?.Outcome?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (outcome is null)
        {
            return Problem("outcome", $"outcome must be one of {string.Join(", ", AlarmOutcome.All)}");
        }

        var notes = string.IsNullOrWhiteSpace(request!.Notes) ? null : request.Notes.Trim();
        if (notes is { Length: > MaxNotes })
        {
            return Problem("notes", $"notes must be at most {MaxNotes} characters, not {notes.Length}");
        }

        var user = context.User.Identity?.Name ?? "unknown";
        var result = await store.ResolveAsync(id, new AlarmResolution(outcome, notes, user, time.GetUtcNow()), cancellationToken);
        switch (result.Outcome)
        {
            case ResolveOutcome.NotFound:
                return Results.NotFound();
            case ResolveOutcome.NotAcknowledged:
                return Results.Conflict(new { id, error = "acknowledge the alarm before resolving it" });
            case ResolveOutcome.AlreadyResolved:
                return Results.Conflict(new { id, error = "the alarm is already resolved", resolution = result.Resolution });
        }

        loggers.CreateLogger(typeof(AlarmResolveApi)).LogInformation(
            "Alarm {AlarmId} of post {PostId} resolved as {Outcome} by {UserName}", result.AlarmId, result.PostId, outcome, user);
        await audit.RecordAsync(context, time, AuditActions.Resolve, id.ToString(CultureInfo.InvariantCulture), $"post {result.PostId} alarm {result.AlarmId}: {outcome}" + (notes is null ? "" : ": " + notes));
        return Results.Ok(new { id, result.PostId, result.AlarmId, resolution = result.Resolution });
    }

    private static IResult Problem(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);
}
