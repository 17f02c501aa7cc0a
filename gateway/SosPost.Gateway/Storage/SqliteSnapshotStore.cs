using Dapper;
using Microsoft.Data.Sqlite;
using SosPost.Gateway.Snapshots;

namespace SosPost.Gateway.Storage;

public sealed class SqliteSnapshotStore(SqliteDatabase database) : ISnapshotStore
{
    // A follow-up of every alarm delivery of these targets that was delivered: it went without the picture.
    // Due at once; its key is the alarm delivery's key with "/snapshot", so adding it twice adds it once.
    private static string AddFollowUps(string where) => $"""
        INSERT INTO dispatch_outbox (alarm_row_id, target, idempotency_key, status, attempts, next_attempt_at, kind)
        SELECT o.alarm_row_id, o.target, o.idempotency_key || '/snapshot', 'pending', 0, @Now, 'snapshot'
        FROM dispatch_outbox o
        WHERE o.kind = 'alarm' AND o.status = 'delivered' AND {where}
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    public async Task<bool> SaveAsync(long alarmRowId, SnapshotImage image, int attempts, IReadOnlyCollection<string> pictureTargets, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO snapshots (alarm_row_id, status, content_type, image, size, taken_at, attempts, error)
            VALUES (@AlarmRowId, 'stored', @ContentType, @Image, @Size, @TakenAt, @Attempts, NULL)
            ON CONFLICT (alarm_row_id) DO UPDATE SET
                status = 'stored', content_type = excluded.content_type, image = excluded.image, size = excluded.size,
                taken_at = excluded.taken_at, attempts = excluded.attempts, error = NULL
            WHERE snapshots.status = 'failed'
            """,
            new { AlarmRowId = alarmRowId, image.ContentType, Image = image.Bytes, Size = image.Bytes.Length, TakenAt = UtcTime.ToText(image.TakenAt), Attempts = attempts },
            transaction,
            cancellationToken: cancellationToken));
        if (stored == 0)
        {
            return false;
        }

        if (pictureTargets.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                AddFollowUps("o.alarm_row_id = @AlarmRowId AND o.target IN @Targets"),
                new { AlarmRowId = alarmRowId, Targets = pictureTargets.ToArray(), Now = UtcTime.ToText(image.TakenAt) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task RecordFailureAsync(long alarmRowId, DateTimeOffset at, int attempts, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO snapshots (alarm_row_id, status, taken_at, attempts, error)
            VALUES (@AlarmRowId, 'failed', @At, @Attempts, @Error)
            ON CONFLICT (alarm_row_id) DO UPDATE SET taken_at = excluded.taken_at, attempts = excluded.attempts, error = excluded.error
            WHERE snapshots.status = 'failed'
            """,
            new { AlarmRowId = alarmRowId, At = UtcTime.ToText(at), Attempts = attempts, Error = reason },
            cancellationToken: cancellationToken));
    }

    public async Task<StoredSnapshot?> GetAsync(long alarmRowId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ImageRow>(new CommandDefinition(
            "SELECT image AS Image, content_type AS ContentType, taken_at AS TakenAt FROM snapshots WHERE alarm_row_id = @AlarmRowId AND status = 'stored'",
            new { AlarmRowId = alarmRowId },
            cancellationToken: cancellationToken));
        return row is null ? null : new StoredSnapshot(alarmRowId, row.Image, row.ContentType, UtcTime.Parse(row.TakenAt));
    }

    public async Task<SnapshotStatus?> GetStatusAsync(long alarmRowId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(
            """
            SELECT status AS Status, content_type AS ContentType, size AS Size, taken_at AS TakenAt, attempts AS Attempts, error AS Error
            FROM snapshots WHERE alarm_row_id = @AlarmRowId
            """,
            new { AlarmRowId = alarmRowId },
            cancellationToken: cancellationToken));
        return row is null
            ? null
            : new SnapshotStatus(row.Status == "stored", row.ContentType, (int?)row.Size, UtcTime.Parse(row.TakenAt), (int)row.Attempts, row.Error);
    }

    public async Task MarkDeliveredWithoutSnapshotAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dispatch_outbox SET status = 'delivered', attempts = @Attempts, delivered_at = @At, last_error = NULL WHERE id = @Id",
            new { Id = outboxId, Attempts = attempts, At = UtcTime.ToText(at) },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            AddFollowUps("o.id = @Id AND EXISTS (SELECT 1 FROM snapshots s WHERE s.alarm_row_id = o.alarm_row_id AND s.status = 'stored')"),
            new { Id = outboxId, Now = UtcTime.ToText(at) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class ImageRow
    {
        public byte[] Image { get; set; } = [];
        public string ContentType { get; set; } = "";
        public string TakenAt { get; set; } = "";
    }

    private sealed class StatusRow
    {
        public string Status { get; set; } = "";
        public string? ContentType { get; set; }
        public long? Size { get; set; }
        public string TakenAt { get; set; } = "";
        public long Attempts { get; set; }
        public string? Error { get; set; }
    }
}
