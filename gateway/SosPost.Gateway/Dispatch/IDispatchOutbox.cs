namespace SosPost.Gateway.Dispatch;

/// <summary>The outbox rows <see cref="Alarms.IAlarmStore.RecordAsync"/> wrote, as the relay works them.</summary>
public interface IDispatchOutbox
{
    /// <summary>Pending rows of these targets whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<DispatchEnvelope>> TakeDueAsync(IReadOnlyCollection<string> targets, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>When the earliest pending row of these targets is due; null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> targets, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(long outboxId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    Task MarkDeadAsync(long outboxId, int attempts, string error, CancellationToken cancellationToken);

    /// <summary>Row counts by status (pending, delivered, dead).</summary>
    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>Dead rows of every target, newest alarm first, each with its alarm.</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// An operator's retry: a dead row goes back to pending with its attempts reset to 0, due at
    /// <paramref name="now"/>; its last error stays until the next attempt. Rows in any other status are left alone.
    /// </summary>
    Task<DeadLetterRetry> RetryDeadAsync(long outboxId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A dead outbox row: nothing retries it until an operator does. <c>Kind</c>: the alarm, or its picture's follow-up (<see cref="OutboxKind"/>).</summary>
public sealed record DeadLetter(long OutboxId, string Target, int Attempts, string? LastError, Alarms.AlarmRecord Alarm, string Kind = OutboxKind.Alarm);

public enum RetryDeadOutcome
{
    Retried,
    NotFound,
    NotDead,
}

/// <summary>What a retry did, and the row as it was before it (null when not found).</summary>
public sealed record DeadLetterRetry(RetryDeadOutcome Outcome, DeadLetter? Row);

/// <summary>The status values of dispatch_outbox.status.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Rejected by its target, or out of attempts: nothing retries it until an operator does.</summary>
    public const string Dead = "dead";
}
