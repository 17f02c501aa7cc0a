using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// The snapshot store of a gateway on PostgreSQL, which has no snapshots table yet: no picture is stored, so none
/// is served or sent, and an alarm delivery is marked delivered in the outbox the alarms live in. Without this the
/// SQLite store would mark rows of a database the alarms are not in, and a delivered alarm would be sent again.
/// </summary>
public sealed class UnstoredSnapshots : ISnapshotStore
{
    private readonly IDispatchOutbox _outbox;

    public UnstoredSnapshots(IDispatchOutbox outbox, ILogger<UnstoredSnapshots> logger)
    {
        _outbox = outbox;
        logger.LogWarning("Camera pictures are not stored with the PostgreSQL store yet: alarms are delivered without them");
    }

    public Task<bool> SaveAsync(long alarmRowId, SnapshotImage image, int attempts, IReadOnlyCollection<string> pictureTargets, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    public Task RecordFailureAsync(long alarmRowId, DateTimeOffset at, int attempts, string reason, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<StoredSnapshot?> GetAsync(long alarmRowId, CancellationToken cancellationToken) => Task.FromResult<StoredSnapshot?>(null);

    public Task<SnapshotStatus?> GetStatusAsync(long alarmRowId, CancellationToken cancellationToken) => Task.FromResult<SnapshotStatus?>(null);

    public Task MarkDeliveredWithoutSnapshotAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken) =>
        _outbox.MarkDeliveredAsync(outboxId, attempts, at, cancellationToken);
}
