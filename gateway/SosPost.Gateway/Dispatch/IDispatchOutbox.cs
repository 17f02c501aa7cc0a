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
}

/// <summary>The status values of dispatch_outbox.status.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>A target rejected the row for good; nothing retries it (dead-letter handling comes later).</summary>
    public const string Dead = "dead";
}
