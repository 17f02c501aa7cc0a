using Dapper;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Protocol;

namespace SosPost.Gateway.Storage;

public sealed class SqliteAlarmStore(SqliteDatabase database) : IAlarmStore
{
    internal const string AlarmColumns = """
        a.id AS Id, a.post_id AS PostId, a.alarm_id AS AlarmId, a.kind AS Kind, a.test AS Test,
        a.presses AS Presses, a.uptime_ms AS UptimeMs, a.pressed_at AS PressedAt,
        a.pressed_at_estimated AS PressedAtEstimated, a.snapshot AS Snapshot, a.received_at AS ReceivedAt,
        a.state AS State, a.dispatched_at AS DispatchedAt, a.dispatched_by AS DispatchedBy, a.escalated_at AS EscalatedAt
        """;

    private const string Dispatched = "dispatched";

    public async Task<RecordResult> RecordAsync(NewAlarm alarm, IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var existing = await connection.QuerySingleOrDefaultAsync<AlarmRow>(new CommandDefinition(
            $"SELECT {AlarmColumns} FROM alarms a WHERE a.post_id = @PostId AND a.alarm_id = @AlarmId AND a.uptime_ms = @UptimeMs",
            new { alarm.PostId, alarm.AlarmId, alarm.UptimeMs },
            transaction,
            cancellationToken: cancellationToken));
        if (existing is not null)
        {
            if (alarm.Presses > existing.Presses)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE alarms SET presses = @Presses WHERE id = @Id",
                    new { alarm.Presses, existing.Id },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }

            var record = existing.ToRecord();
            return new RecordResult(record.Id, false, record.State, record.DispatchedAt ?? record.ReceivedAt);
        }

        var idReused = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM alarms WHERE post_id = @PostId AND alarm_id = @AlarmId",
            new { alarm.PostId, alarm.AlarmId },
            transaction,
            cancellationToken: cancellationToken)) > 0;

        var receivedAt = UtcTime.ToText(alarm.ReceivedAt);
        var rowId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO alarms (post_id, alarm_id, kind, test, presses, uptime_ms, pressed_at, pressed_at_estimated, snapshot, received_at, state)
            VALUES (@PostId, @AlarmId, @Kind, @Test, @Presses, @UptimeMs, @PressedAt, @PressedAtEstimated, @Snapshot, @ReceivedAt, 'received')
            RETURNING id
            """,
            new
            {
                alarm.PostId,
                alarm.AlarmId,
                alarm.Kind,
                alarm.Test,
                alarm.Presses,
                alarm.UptimeMs,
                PressedAt = UtcTime.ToText(alarm.PressedAt),
                PressedAtEstimated = UtcTime.ToText(alarm.PressedAtEstimated),
                alarm.Snapshot,
                ReceivedAt = receivedAt,
            },
            transaction,
            cancellationToken: cancellationToken));

        foreach (var target in targets)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO dispatch_outbox (alarm_row_id, target, idempotency_key, status, attempts, next_attempt_at)
                VALUES (@RowId, @Target, @Key, 'pending', 0, @ReceivedAt)
                """,
                new { RowId = rowId, Target = target, Key = IdempotencyKey(alarm.PostId, alarm.AlarmId, idReused ? rowId : null, target), ReceivedAt = receivedAt },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new RecordResult(rowId, true, AlarmState.Received, UtcTime.Parse(receivedAt), idReused);
    }

    /// <summary>
    /// Stable per alarm and target, so a receiver can drop a delivery it has already seen. An alarm whose
    /// id its post had used before also carries its row id, so a receiver never drops it as a repeat.
    /// </summary>
    public static string IdempotencyKey(string postId, long alarmId, long? reusedIdRow, string target) =>
        reusedIdRow is { } row ? $"{postId}/{alarmId}-{row}/{target}" : $"{postId}/{alarmId}/{target}";

    public async Task<AcknowledgeResult?> AcknowledgeAsync(long id, string user, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE alarms SET state = 'dispatched', dispatched_at = @At, dispatched_by = @User WHERE id = @Id AND state = 'received'",
            new { Id = id, At = UtcTime.ToText(at), User = user },
            transaction,
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleOrDefaultAsync<AlarmRow>(new CommandDefinition(
            $"SELECT {AlarmColumns} FROM alarms a WHERE a.id = @Id",
            new { Id = id },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var record = row.ToRecord();
        return new AcknowledgeResult(record.Id, record.PostId, record.AlarmId, record.DispatchedAt!.Value, record.DispatchedBy!, changed == 0, record.ReceivedAt);
    }

    public async Task<IReadOnlyList<AlarmWithDeliveries>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var alarms = (await connection.QueryAsync<AlarmRow>(new CommandDefinition(
            $"SELECT {AlarmColumns} FROM alarms a ORDER BY a.received_at DESC, a.id DESC LIMIT @Limit",
            new { Limit = limit },
            cancellationToken: cancellationToken))).ToList();
        if (alarms.Count == 0)
        {
            return [];
        }

        var deliveries = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            """
            SELECT alarm_row_id AS AlarmRowId, target AS Target, status AS Status, attempts AS Attempts,
                   next_attempt_at AS NextAttemptAt, last_error AS LastError, delivered_at AS DeliveredAt, kind AS Kind
            FROM dispatch_outbox WHERE alarm_row_id IN @Ids ORDER BY id
            """,
            new { Ids = alarms.Select(a => a.Id).ToArray() },
            cancellationToken: cancellationToken))).ToLookup(d => d.AlarmRowId);

        return [.. alarms.Select(a => new AlarmWithDeliveries(a.ToRecord(), [.. deliveries[a.Id].Select(d => d.ToStatus())]))];
    }

    public async Task<IReadOnlyList<AlarmRecord>> DispatchedSinceAsync(string postId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlarmRow>(new CommandDefinition(
            $"SELECT {AlarmColumns} FROM alarms a WHERE a.post_id = @PostId AND a.state = 'dispatched' AND a.dispatched_at >= @Since ORDER BY a.alarm_id",
            new { PostId = postId, Since = UtcTime.ToText(since) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM alarms WHERE id < 0", cancellationToken: cancellationToken)) == 0;
    }

    internal sealed class AlarmRow
    {
        public long Id { get; set; }
        public string PostId { get; set; } = "";
        public long AlarmId { get; set; }
        public string Kind { get; set; } = "";
        public long Test { get; set; }
        public long Presses { get; set; }
        public long UptimeMs { get; set; }
        public string? PressedAt { get; set; }
        public string? PressedAtEstimated { get; set; }
        public long Snapshot { get; set; }
        public string ReceivedAt { get; set; } = "";
        public string State { get; set; } = "";
        public string? DispatchedAt { get; set; }
        public string? DispatchedBy { get; set; }
        public string? EscalatedAt { get; set; }

        public AlarmRecord ToRecord() => new(
            Id,
            PostId,
            AlarmId,
            Kind,
            Test != 0,
            (int)Presses,
            UptimeMs,
            UtcTime.ParseOrNull(PressedAt),
            UtcTime.ParseOrNull(PressedAtEstimated),
            Snapshot != 0,
            UtcTime.Parse(ReceivedAt),
            State == Dispatched ? AlarmState.Dispatched : AlarmState.Received,
            UtcTime.ParseOrNull(DispatchedAt),
            DispatchedBy,
            UtcTime.ParseOrNull(EscalatedAt));
    }

    private sealed class DeliveryRow
    {
        public long AlarmRowId { get; set; }
        public string Target { get; set; } = "";
        public string Status { get; set; } = OutboxStatus.Pending;
        public long Attempts { get; set; }
        public string NextAttemptAt { get; set; } = "";
        public string? LastError { get; set; }
        public string? DeliveredAt { get; set; }
        public string Kind { get; set; } = OutboxKind.Alarm;

        public DeliveryStatus ToStatus() =>
            new(Target, Status, (int)Attempts, UtcTime.Parse(NextAttemptAt), LastError, UtcTime.ParseOrNull(DeliveredAt), Kind);
    }
}
