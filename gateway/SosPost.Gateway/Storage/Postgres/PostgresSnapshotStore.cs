using Dapper;
using Npgsql;
using SosPost.Gateway.Snapshots;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// <see cref="ISnapshotStore"/> in PostgreSQL (the image as bytea). Storing a picture and marking an alarm delivery
/// delivered without one each lock the alarm's row first, so whichever runs second sees what the first did and
/// exactly one of them adds the follow-up delivery, whichever gateways they run on. The follow-up's key is the
/// alarm delivery's key with "/snapshot" (ON CONFLICT DO NOTHING), so it is never added twice either.
/// </summary>
public sealed class PostgresSnapshotStore(PostgresDatabase database) : ISnapshotStore
{
    // A follow-up of every alarm delivery of these targets that was delivered: it went without the picture. Due at once.
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
        await LockAlarmAsync(connection, transaction, "SELECT id FROM alarms WHERE id = @Id FOR NO KEY UPDATE", alarmRowId, cancellationToken);
        var stored = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO snapshots AS s (alarm_row_id, status, content_type, image, size, taken_at, attempts, error)
            VALUES (@AlarmRowId, 'stored', @ContentType, @Image, @Size, @TakenAt, @Attempts, NULL)
            ON CONFLICT (alarm_row_id) DO UPDATE SET
                status = 'stored', content_type = EXCLUDED.content_type, image = EXCLUDED.image, size = EXCLUDED.size,
                taken_at = EXCLUDED.taken_at, attempts = EXCLUDED.attempts, error = NULL
            WHERE s.status = 'failed'
            """,
            new
            {
                AlarmRowId = alarmRowId,
                image.ContentType,
                Image = image.Bytes,
                Size = (long)image.Bytes.Length,
                TakenAt = PgTime.Of(image.TakenAt),
                Attempts = (long)attempts,
            },
            transaction,
            cancellationToken: cancellationToken));
        if (stored == 0)
        {
            return false;
        }

        if (pictureTargets.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                AddFollowUps("o.alarm_row_id = @AlarmRowId AND o.target = ANY(@Targets)"),
                new { AlarmRowId = alarmRowId, Targets = pictureTargets.ToArray(), Now = PgTime.Of(image.TakenAt) },
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
            INSERT INTO snapshots AS s (alarm_row_id, status, taken_at, attempts, error)
            VALUES (@AlarmRowId, 'failed', @At, @Attempts, @Error)
            ON CONFLICT (alarm_row_id) DO UPDATE SET taken_at = EXCLUDED.taken_at, attempts = EXCLUDED.attempts, error = EXCLUDED.error
            WHERE s.status = 'failed'
            """,
            new { AlarmRowId = alarmRowId, At = PgTime.Of(at), Attempts = (long)attempts, Error = reason },
            cancellationToken: cancellationToken));
    }

    public async Task<StoredSnapshot?> GetAsync(long alarmRowId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ImageRow>(new CommandDefinition(
            "SELECT image AS Image, content_type AS ContentType, taken_at AS TakenAt FROM snapshots WHERE alarm_row_id = @AlarmRowId AND status = 'stored'",
            new { AlarmRowId = alarmRowId },
            cancellationToken: cancellationToken));
        return row is null ? null : new StoredSnapshot(alarmRowId, row.Image, row.ContentType, PgTime.Read(row.TakenAt));
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
            : new SnapshotStatus(row.Status == "stored", row.ContentType, (int?)row.Size, PgTime.Read(row.TakenAt), (int)row.Attempts, row.Error);
    }

    public async Task MarkDeliveredWithoutSnapshotAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAlarmAsync(
            connection,
            transaction,
            "SELECT a.id FROM dispatch_outbox o JOIN alarms a ON a.id = o.alarm_row_id WHERE o.id = @Id FOR NO KEY UPDATE OF a",
            outboxId,
            cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dispatch_outbox SET status = 'delivered', attempts = @Attempts, delivered_at = @At, last_error = NULL WHERE id = @Id",
            new { Id = outboxId, Attempts = (long)attempts, At = PgTime.Of(at) },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            AddFollowUps("o.id = @Id AND EXISTS (SELECT 1 FROM snapshots s WHERE s.alarm_row_id = o.alarm_row_id AND s.status = 'stored')"),
            new { Id = outboxId, Now = PgTime.Of(at) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Locks the alarm row for the rest of the transaction. FOR NO KEY UPDATE conflicts with itself and with updates of
    /// the alarm, but not with rows that merely reference it, so recording other deliveries goes on meanwhile.
    /// </summary>
    private static Task LockAlarmAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, new { Id = id }, transaction, cancellationToken: cancellationToken));

    private sealed class ImageRow
    {
        public byte[] Image { get; set; } = [];
        public string ContentType { get; set; } = "";
        public DateTime TakenAt { get; set; }
    }

    private sealed class StatusRow
    {
        public string Status { get; set; } = "";
        public string? ContentType { get; set; }
        public long? Size { get; set; }
        public DateTime TakenAt { get; set; }
        public long Attempts { get; set; }
        public string? Error { get; set; }
    }
}
