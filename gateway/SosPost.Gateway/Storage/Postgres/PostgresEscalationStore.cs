using Dapper;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Escalation;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// <see cref="IEscalationStore"/> in PostgreSQL. The due alarms are locked as they are marked (FOR UPDATE SKIP
/// LOCKED), so two gateways checking at once escalate each alarm once, and an alarm a dispatcher is acknowledging
/// right now is left to the next check, which finds it acknowledged.
/// </summary>
public sealed class PostgresEscalationStore(PostgresDatabase database) : IEscalationStore
{
    public async Task<IReadOnlyList<AlarmRecord>> EscalateDueAsync(DateTimeOffset receivedBefore, DateTimeOffset at, string target, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var escalatedAt = PgTime.Of(at);

        // A row another gateway escalated or acknowledged after this statement began is re-checked when locked
        // (READ COMMITTED) and then no longer matches.
        var rows = await connection.QueryAsync<PostgresAlarmStore.AlarmRow>(new CommandDefinition(
            $"""
            WITH due AS (
                SELECT id FROM alarms
                WHERE state = 'received' AND escalated_at IS NULL AND NOT test AND received_at <= @Before
                ORDER BY received_at, id
                LIMIT @Max
                FOR UPDATE SKIP LOCKED)
            UPDATE alarms a SET escalated_at = @At
            FROM due
            WHERE a.id = due.id
            RETURNING {PostgresAlarmStore.AlarmColumns}
            """,
            new { Before = PgTime.Of(receivedBefore), Max = max, At = escalatedAt },
            transaction,
            cancellationToken: cancellationToken));
        var escalated = rows.Select(r => r.ToRecord()).OrderBy(a => a.ReceivedAt).ThenBy(a => a.Id).ToList();

        foreach (var alarm in escalated)
        {
            // The same key rule as the alarm's other deliveries, so a receiver drops a repeat.
            var idReused = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM alarms WHERE post_id = @PostId AND alarm_id = @AlarmId AND id < @Id)",
                new { alarm.PostId, alarm.AlarmId, alarm.Id },
                transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO dispatch_outbox (alarm_row_id, target, idempotency_key, status, attempts, next_attempt_at)
                VALUES (@RowId, @Target, @Key, 'pending', 0, @At)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                new { RowId = alarm.Id, Target = target, Key = SqliteAlarmStore.IdempotencyKey(alarm.PostId, alarm.AlarmId, idReused ? alarm.Id : null, target), At = escalatedAt },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return escalated;
    }
}
