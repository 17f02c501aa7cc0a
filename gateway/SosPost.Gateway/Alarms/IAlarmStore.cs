using SosPost.Protocol;

namespace SosPost.Gateway.Alarms;

/// <summary>
/// Durable alarms. One contract so a shared PostgreSQL store can sit beside the embedded SQLite one.
/// </summary>
public interface IAlarmStore
{
    /// <summary>
    /// Records an alarm and one pending outbox row per dispatch target in one transaction. The same
    /// (post id, alarm id, first-press uptime) is recorded once: a re-send returns the alarm's current
    /// state and only raises its press count if the re-send counted more presses. The same alarm id
    /// with another uptime is a new press from a post whose counter restarted, and is recorded.
    /// </summary>
    Task<RecordResult> RecordAsync(NewAlarm alarm, IReadOnlyCollection<string> targets, CancellationToken cancellationToken);

    /// <summary>Marks an alarm dispatched; null for an unknown row id. A second call changes nothing.</summary>
    Task<AcknowledgeResult?> AcknowledgeAsync(long id, string user, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The newest alarms first, each with its deliveries.</summary>
    Task<IReadOnlyList<AlarmWithDeliveries>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>A post's alarms dispatched at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<AlarmRecord>> DispatchedSinceAsync(string postId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>An alarm as intake accepted it.</summary>
public sealed record NewAlarm(
    string PostId,
    long AlarmId,
    string Kind,
    bool Test,
    int Presses,
    long UptimeMs,
    DateTimeOffset? PressedAt,
    DateTimeOffset? PressedAtEstimated,
    bool Snapshot,
    DateTimeOffset ReceivedAt);

/// <param name="RowId">The gateway's id of the alarm (alarms.id), used by the API.</param>
/// <param name="IsNew">False when the alarm was already recorded.</param>
/// <param name="State">The alarm's current state, which is what the post is told.</param>
/// <param name="StateAt">When the alarm reached that state.</param>
/// <param name="AlarmIdReused">
/// New, although the post used this alarm id before for another press (its counter restarted).
/// </param>
public sealed record RecordResult(long RowId, bool IsNew, AlarmState State, DateTimeOffset StateAt, bool AlarmIdReused = false);

/// <summary>An acknowledged alarm; <c>ReceivedAt</c> (when it was stored, for a metric) is null if a store does not say.</summary>
public sealed record AcknowledgeResult(
    long RowId,
    string PostId,
    long AlarmId,
    DateTimeOffset DispatchedAt,
    string DispatchedBy,
    bool AlreadyDispatched,
    DateTimeOffset? ReceivedAt = null);

/// <summary>A stored alarm; <c>EscalatedAt</c> is when it went to the escalation target (no dispatcher acknowledged it in time), null if never.</summary>
public sealed record AlarmRecord(
    long Id,
    string PostId,
    long AlarmId,
    string Kind,
    bool Test,
    int Presses,
    long UptimeMs,
    DateTimeOffset? PressedAt,
    DateTimeOffset? PressedAtEstimated,
    bool Snapshot,
    DateTimeOffset ReceivedAt,
    AlarmState State,
    DateTimeOffset? DispatchedAt,
    string? DispatchedBy,
    DateTimeOffset? EscalatedAt = null);

/// <summary>Where one forwarding of an alarm stands; <c>Kind</c>: the alarm, or its camera picture sent after it (<see cref="Dispatch.OutboxKind"/>).</summary>
public sealed record DeliveryStatus(
    string Target,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    string Kind = Dispatch.OutboxKind.Alarm);

public sealed record AlarmWithDeliveries(AlarmRecord Alarm, IReadOnlyList<DeliveryStatus> Deliveries);
