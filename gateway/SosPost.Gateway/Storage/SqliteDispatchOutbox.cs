using Dapper;
using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Storage;

public sealed class SqliteDispatchOutbox(SqliteDatabase database) : IDispatchOutbox
{
    public async Task<IReadOnlyList<DispatchEnvelope>> TakeDueAsync(IReadOnlyCollection<string> targets, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var command = new CommandDefinition(
            $"""
            SELECT o.id AS OutboxId, o.target AS Target, o.idempotency_key AS IdempotencyKey, o.attempts AS Attempts, o.kind AS Kind,
                   {SqliteAlarmStore.AlarmColumns}
            FROM dispatch_outbox o JOIN alarms a ON a.id = o.alarm_row_id
            WHERE o.status = 'pending' AND o.target IN @Targets AND o.next_attempt_at <= @Now
            ORDER BY o.next_attempt_at, o.id
            LIMIT @Max
            """,
            new { Targets = targets.ToArray(), Now = UtcTime.ToText(now), Max = max },
            cancellationToken: cancellationToken);
        var due = await connection.QueryAsync<OutboxRow, SqliteAlarmStore.AlarmRow, DispatchEnvelope>(
            command,
            (outbox, alarm) => new DispatchEnvelope(outbox.OutboxId, outbox.Target, outbox.IdempotencyKey, (int)outbox.Attempts, alarm.ToRecord(), Post: null, Kind: outbox.Kind),
            splitOn: "Id");
        return [.. due];
    }

    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MIN(next_attempt_at) FROM dispatch_outbox WHERE status = 'pending' AND target IN @Targets",
            new { Targets = targets.ToArray() },
            cancellationToken: cancellationToken));
        return UtcTime.ParseOrNull(next);
    }

    public Task MarkDeliveredAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE dispatch_outbox SET status = 'delivered', attempts = @Attempts, delivered_at = @At, last_error = NULL WHERE id = @Id",
            new { Id = outboxId, Attempts = attempts, At = UtcTime.ToText(at) },
            cancellationToken);

    public Task MarkRetryAsync(long outboxId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE dispatch_outbox SET attempts = @Attempts, next_attempt_at = @Next, last_error = @Error WHERE id = @Id",
            new { Id = outboxId, Attempts = attempts, Next = UtcTime.ToText(nextAttemptAt), Error = error },
            cancellationToken);

    public Task MarkDeadAsync(long outboxId, int attempts, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE dispatch_outbox SET status = 'dead', attempts = @Attempts, last_error = @Error WHERE id = @Id",
            new { Id = outboxId, Attempts = attempts, Error = error },
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM dispatch_outbox GROUP BY status", cancellationToken: cancellationToken));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [OutboxStatus.Pending] = 0,
            [OutboxStatus.Delivered] = 0,
            [OutboxStatus.Dead] = 0,
        };
        foreach (var (status, count) in rows)
        {
            counts[status] = count;
        }

        return counts;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryDeadAsync(connection, "o.status = 'dead' ORDER BY a.received_at DESC, o.id DESC LIMIT @Max", new { Max = max }, cancellationToken);
    }

    public async Task<DeadLetterRetry> RetryDeadAsync(long outboxId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = (await QueryDeadAsync(connection, "o.id = @Id", new { Id = outboxId }, cancellationToken)).SingleOrDefault();
        if (row is null)
        {
            return new DeadLetterRetry(RetryDeadOutcome.NotFound, null);
        }

        // The status condition makes two operators retrying at once one retry, and leaves a live row alone.
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dispatch_outbox SET status = 'pending', attempts = 0, next_attempt_at = @Now WHERE id = @Id AND status = 'dead'",
            new { Id = outboxId, Now = UtcTime.ToText(now) },
            cancellationToken: cancellationToken));
        return new DeadLetterRetry(changed == 1 ? RetryDeadOutcome.Retried : RetryDeadOutcome.NotDead, row);
    }

    /// <summary>Outbox rows (of any status) with their alarms; <paramref name="where"/> may end in ORDER BY/LIMIT.</summary>
    private static async Task<IReadOnlyList<DeadLetter>> QueryDeadAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var command = new CommandDefinition(
            $"""
            SELECT o.id AS OutboxId, o.target AS Target, o.attempts AS Attempts, o.last_error AS LastError, o.kind AS Kind,
                   {SqliteAlarmStore.AlarmColumns}
            FROM dispatch_outbox o JOIN alarms a ON a.id = o.alarm_row_id
            WHERE {where}
            """,
            parameters,
            cancellationToken: cancellationToken);
        var rows = await connection.QueryAsync<DeadRow, SqliteAlarmStore.AlarmRow, DeadLetter>(
            command,
            (row, alarm) => new DeadLetter(row.OutboxId, row.Target, (int)row.Attempts, row.LastError, alarm.ToRecord(), row.Kind),
            splitOn: "Id");
        return [.. rows];
    }

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private sealed class OutboxRow
    {
        public long OutboxId { get; set; }
        public string Target { get; set; } = "";
        public string IdempotencyKey { get; set; } = "";
        public long Attempts { get; set; }
        public string Kind { get; set; } = OutboxKind.Alarm;
    }

    private sealed class DeadRow
    {
        public long OutboxId { get; set; }
        public string Target { get; set; } = "";
        public long Attempts { get; set; }
        public string? LastError { get; set; }
        public string Kind { get; set; } = OutboxKind.Alarm;
    }
}
