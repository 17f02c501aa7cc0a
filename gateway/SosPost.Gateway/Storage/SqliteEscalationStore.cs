using Dapper;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Escalation;

namespace SosPost.Gateway.Storage;

public sealed class SqliteEscalationStore(SqliteDatabase database) : IEscalationStore
{
    public async Task<IReadOnlyList<AlarmRecord>> EscalateDueAsync(DateTimeOffset receivedBefore, DateTimeOffset at, string target, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var atText = UtcTime.ToText(at);

        // A transaction here takes the write lock at once, so an acknowledgement or another gateway's check
        // cannot slip between the read and the update.
        var due = await connection.QueryAsync<SqliteAlarmStore.AlarmRow>(new CommandDefinition(
            $"""
            SELECT {SqliteAlarmStore.AlarmColumns} FROM alarms a
            WHERE a.state = 'received' AND a.escalated_at IS NULL AND a.test = 0 AND a.received_at <= @Before
            ORDER BY a.received_at, a.id LIMIT @Max
            """,
            new { Before = UtcTime.ToText(receivedBefore), Max = max },
            transaction,
            cancellationToken: cancellationToken));
        var escalated = due.Select(r => r.ToRecord() with { EscalatedAt = at }).ToList();
        foreach (var alarm in escalated)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE alarms SET escalated_at = @At WHERE id = @Id",
                new { At = atText, alarm.Id },
                transaction,
                cancellationToken: cancellationToken));
        }

        foreach (var alarm in escalated)
        {
            // The same key rule as the alarm's other deliveries, so a receiver drops a repeat.
            var idReused = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM alarms WHERE post_id = @PostId AND alarm_id = @AlarmId AND id < @Id",
                new { alarm.PostId, alarm.AlarmId, alarm.Id },
                transaction,
                cancellationToken: cancellationToken)) > 0;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO dispatch_outbox (alarm_row_id, target, idempotency_key, status, attempts, next_attempt_at)
                VALUES (@RowId, @Target, @Key, 'pending', 0, @At)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                new { RowId = alarm.Id, Target = target, Key = SqliteAlarmStore.IdempotencyKey(alarm.PostId, alarm.AlarmId, idReused ? alarm.Id : null, target), At = atText },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return escalated;
    }
}
