using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// <see cref="IDispatchOutbox"/> shared by several gateways. <see cref="TakeDueAsync"/> claims the rows it
/// returns: in one statement it locks due rows (SKIP LOCKED passes over rows another gateway is claiming) and
/// moves their next attempt to the end of a lease (<see cref="StoreOptions.OutboxLease"/>), so no other gateway
/// takes them while this one delivers. Marking the outcome ends the lease; a gateway that dies mid-delivery
/// leaves the rows to be taken again when it runs out.
/// </summary>
/// <remarks>Dapper passes arrays to Npgsql as one array parameter, hence <c>= ANY(@Targets)</c> rather than IN.</remarks>
public sealed class PostgresDispatchOutbox(PostgresDatabase database, IOptions<StoreOptions> options) : IDispatchOutbox
{
    public async Task<IReadOnlyList<DispatchEnvelope>> TakeDueAsync(IReadOnlyCollection<string> targets, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var command = new CommandDefinition(
            $"""
            WITH due AS (
                SELECT id, next_attempt_at AS due_at FROM dispatch_outbox
                WHERE status = 'pending' AND target = ANY(@Targets) AND next_attempt_at <= @Now
                ORDER BY next_attempt_at, id
                LIMIT @Max
                FOR UPDATE SKIP LOCKED)
            UPDATE dispatch_outbox o SET next_attempt_at = @LeaseEnd
            FROM due, alarms a
            WHERE o.id = due.id AND a.id = o.alarm_row_id
            RETURNING due.due_at AS DueAt, o.id AS OutboxId, o.target AS Target, o.idempotency_key AS IdempotencyKey, o.attempts AS Attempts, o.kind AS Kind,
                      {PostgresAlarmStore.AlarmColumns}
            """,
            new { Targets = targets.ToArray(), Now = PgTime.Of(now), Max = max, LeaseEnd = PgTime.Of(now + options.Value.OutboxLease) },
            cancellationToken: cancellationToken);
        var taken = await connection.QueryAsync<OutboxRow, PostgresAlarmStore.AlarmRow, (DateTime DueAt, DispatchEnvelope Envelope)>(
            command,
            (outbox, alarm) => (outbox.DueAt, new DispatchEnvelope(outbox.OutboxId, outbox.Target, outbox.IdempotencyKey, (int)outbox.Attempts, alarm.ToRecord(), Post: null, Kind: outbox.Kind)),
            splitOn: "Id");

        // RETURNING has no order: restore the oldest-first order the rows were due in.
        return [.. taken.OrderBy(row => row.DueAt).ThenBy(row => row.Envelope.OutboxId).Select(row => row.Envelope)];
    }

    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT MIN(next_attempt_at) FROM dispatch_outbox WHERE status = 'pending' AND target = ANY(@Targets)",
            new { Targets = targets.ToArray() },
            cancellationToken: cancellationToken));
        return PgTime.Read(next);
    }

    public Task MarkDeliveredAsync(long outboxId, int attempts, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE dispatch_outbox SET status = 'delivered', attempts = @Attempts, delivered_at = @At, last_error = NULL WHERE id = @Id",
            new { Id = outboxId, Attempts = (long)attempts, At = PgTime.Of(at) },
            cancellationToken);

    public Task MarkRetryAsync(long outboxId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE dispatch_outbox SET attempts = @Attempts, next_attempt_at = @Next, last_error = @Error WHERE id = @Id",
            new { Id = outboxId, Attempts = (long)attempts, Next = PgTime.Of(nextAttemptAt), Error = error },
            cancellationToken);

    public Task MarkDeadAsync(long outboxId, int attempts, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE dispatch_outbox SET status = 'dead', attempts = @Attempts, last_error = @Error WHERE id = @Id",
            new { Id = outboxId, Attempts = (long)attempts, Error = error },
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
        return await QueryRowsAsync(connection, "o.status = 'dead' ORDER BY a.received_at DESC, o.id DESC LIMIT @Max", new { Max = max }, cancellationToken);
    }

    public async Task<DeadLetterRetry> RetryDeadAsync(long outboxId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = (await QueryRowsAsync(connection, "o.id = @Id", new { Id = outboxId }, cancellationToken)).SingleOrDefault();
        if (row is null)
        {
            return new DeadLetterRetry(RetryDeadOutcome.NotFound, null);
        }

        // The status condition makes two operators retrying at once (on two gateways) one retry, and leaves a live row alone.
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dispatch_outbox SET status = 'pending', attempts = 0, next_attempt_at = @Now WHERE id = @Id AND status = 'dead'",
            new { Id = outboxId, Now = PgTime.Of(now) },
            cancellationToken: cancellationToken));
        return new DeadLetterRetry(changed == 1 ? RetryDeadOutcome.Retried : RetryDeadOutcome.NotDead, row);
    }

    /// <summary>Outbox rows (of any status) with their alarms; <paramref name="where"/> may end in ORDER BY/LIMIT.</summary>
    private static async Task<IReadOnlyList<DeadLetter>> QueryRowsAsync(NpgsqlConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var command = new CommandDefinition(
            $"""
            SELECT o.id AS OutboxId, o.target AS Target, o.attempts AS Attempts, o.last_error AS LastError, o.kind AS Kind,
                   {PostgresAlarmStore.AlarmColumns}
            FROM dispatch_outbox o JOIN alarms a ON a.id = o.alarm_row_id
            WHERE {where}
            """,
            parameters,
            cancellationToken: cancellationToken);
        var rows = await connection.QueryAsync<DeadRow, PostgresAlarmStore.AlarmRow, DeadLetter>(
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
        public DateTime DueAt { get; set; }
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
