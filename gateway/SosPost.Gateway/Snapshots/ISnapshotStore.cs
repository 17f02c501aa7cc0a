namespace SosPost.Gateway.Snapshots;

/// <summary>
/// The camera picture of each alarm, or why there is none, and the follow-up deliveries that carry a picture
/// to the targets that got the alarm without it. One picture per alarm: the first one stored stays.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>
    /// Stores the picture of an alarm and, in the same transaction, adds a follow-up delivery
    /// (<see cref="Dispatch.OutboxKind.Snapshot"/>) for each of <paramref name="pictureTargets"/> that has
    /// already delivered the alarm: it went without the picture. A target still delivering the alarm takes the
    /// picture with it instead. False when the alarm has a picture already.
    /// </summary>
    Task<bool> SaveAsync(long alarmRowId, SnapshotImage image, int attempts, IReadOnlyCollection<string> pictureTargets, CancellationToken cancellationToken);

    /// <summary>Records that no picture could be had, and why; a stored picture is never replaced by a failure.</summary>
    Task RecordFailureAsync(long alarmRowId, DateTimeOffset at, int attempts, string reason, CancellationToken cancellationToken);

    /// <summary>The stored picture of an alarm; null when there is none (not yet, failed, or no camera).</summary>
    Task<StoredSnapshot?> GetAsync(long alarmRowId, CancellationToken cancellationToken);

    /// <summary>Whether an alarm has a picture, a failure, or nothing yet (null), without the image.</summary>
    Task<SnapshotStatus?> GetStatusAsync(long alarmRowId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an alarm delivery delivered that went without a picture and, in the same transaction, adds its
    /// follow-up delivery if the picture was stored meanwhile. Together with <see cref="SaveAsync"/> this
    /// makes exactly one of "with the alarm" and "after it" happen, whichever order the two run in.
    /// </summary>
    Task MarkDeliveredWithoutSnapshotAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A fetched camera picture: <c>image/jpeg</c> or <c>image/png</c>, and when the gateway got it.</summary>
public sealed record SnapshotImage(byte[] Bytes, string ContentType, DateTimeOffset TakenAt);

/// <summary>A stored camera picture of the alarm <see cref="AlarmRowId"/>.</summary>
public sealed record StoredSnapshot(long AlarmRowId, byte[] Bytes, string ContentType, DateTimeOffset TakenAt)
{
    public int Size => Bytes.Length;
}

/// <summary>Where the picture of an alarm stands: <see cref="Stored"/>, or failed with <see cref="Error"/> after <see cref="Attempts"/>.</summary>
public sealed record SnapshotStatus(bool Stored, string? ContentType, int? Size, DateTimeOffset At, int Attempts, string? Error);
