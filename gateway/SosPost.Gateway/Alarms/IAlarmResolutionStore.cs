namespace SosPost.Gateway.Alarms;

/// <summary>
/// How a dispatcher closed an alarm (outcome and notes) and the false-alarm statistics drawn from that.
/// Beside <see cref="IAlarmStore"/> rather than in it, so the alarm path's contract stays small.
/// </summary>
public interface IAlarmResolutionStore
{
    /// <summary>
    /// Closes an acknowledged alarm once. An unknown row, an alarm not yet acknowledged, or one already
    /// resolved is refused and changes nothing (the result says which, with the existing resolution).
    /// </summary>
    Task<ResolveResult> ResolveAsync(long alarmRowId, AlarmResolution resolution, CancellationToken cancellationToken);

    /// <summary>The resolutions of these alarms (by alarm row id); alarms not resolved are absent.</summary>
    Task<IReadOnlyDictionary<long, AlarmResolution>> ForAlarmsAsync(IReadOnlyCollection<long> alarmRowIds, CancellationToken cancellationToken);

    /// <summary>Per post with any real (not self-test) alarm received at or after <paramref name="since"/>: counts by outcome.</summary>
    Task<IReadOnlyList<PostAlarmCounts>> CountsByPostAsync(DateTimeOffset? since, CancellationToken cancellationToken);
}

/// <summary>What an alarm turned out to be.</summary>
public static class AlarmOutcome
{
    /// <summary>Someone needed help.</summary>
    public const string Real = "real";

    /// <summary>A false alarm on purpose.</summary>
    public const string Prank = "prank";

    /// <summary>A press by staff to test the post or the chain (not the post's own self-test).</summary>
    public const string Test = "test";

    /// <summary>The post raised it by itself: a stuck button, water, a wiring fault.</summary>
    public const string Fault = "fault";

    public static readonly IReadOnlyList<string> All = [Real, Prank, Test, Fault];
}

public sealed record AlarmResolution(string Outcome, string? Notes, string ResolvedBy, DateTimeOffset ResolvedAt);

public enum ResolveOutcome
{
    Resolved,
    NotFound,
    NotAcknowledged,
    AlreadyResolved,
}

/// <summary><c>Resolution</c> is the stored one: the new one, or the earlier one for <see cref="ResolveOutcome.AlreadyResolved"/>.</summary>
public sealed record ResolveResult(ResolveOutcome Outcome, AlarmResolution? Resolution, string? PostId = null, long? AlarmId = null);

/// <summary>A post's alarms (self-tests excluded), their presses, and how many were resolved with each outcome.</summary>
public sealed record PostAlarmCounts(string PostId, int Alarms, int Presses, int Real, int Prank, int Test, int Fault)
{
    public int Resolved => Real + Prank + Test + Fault;

    public int Open => Alarms - Resolved;

    /// <summary>Pranks among the resolved alarms; null before any is resolved.</summary>
    public double? PrankRate => Resolved == 0 ? null : Math.Round((double)Prank / Resolved, 3);
}
