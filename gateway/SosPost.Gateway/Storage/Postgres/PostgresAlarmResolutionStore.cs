using Dapper;
using Npgsql;
using SosPost.Gateway.Alarms;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// <see cref="IAlarmResolutionStore"/> in PostgreSQL. The resolution is inserted with ON CONFLICT DO NOTHING on the
/// alarm row id, so two dispatchers resolving one alarm at once (on two gateways) store the first one only.
/// </summary>
public sealed class PostgresAlarmResolutionStore(PostgresDatabase database) : IAlarmResolutionStore
{
    public async Task<ResolveResult> ResolveAsync(long alarmRowId, AlarmResolution resolution, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<AlarmStateRow>(new CommandDefinition(
            "SELECT post_id AS PostId, alarm_id AS AlarmId, state AS State FROM alarms WHERE id = @Id",
            new { Id = alarmRowId },
            cancellationToken: cancellationToken));
        if (found is null)
        {
            return new ResolveResult(ResolveOutcome.NotFound, null);
        }

        if ((await ReadAsync(connection, [alarmRowId], cancellationToken)).TryGetValue(alarmRowId, out var earlier))
        {
            return new ResolveResult(ResolveOutcome.AlreadyResolved, earlier, found.PostId, found.AlarmId);
        }

        // An acknowledgement is never taken back, so the state read above cannot change under the insert.
        if (found.State != "dispatched")
        {
            return new ResolveResult(ResolveOutcome.NotAcknowledged, null, found.PostId, found.AlarmId);
        }

        var stored = resolution with { ResolvedAt = PgTime.Of(resolution.ResolvedAt) };
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO alarm_resolutions (alarm_row_id, outcome, notes, resolved_by, resolved_at)
            VALUES (@AlarmRowId, @Outcome, @Notes, @ResolvedBy, @ResolvedAt)
            ON CONFLICT (alarm_row_id) DO NOTHING
            """,
            new { AlarmRowId = alarmRowId, stored.Outcome, stored.Notes, stored.ResolvedBy, stored.ResolvedAt },
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            // Another dispatcher resolved it between the read and the insert.
            var first = (await ReadAsync(connection, [alarmRowId], cancellationToken))[alarmRowId];
            return new ResolveResult(ResolveOutcome.AlreadyResolved, first, found.PostId, found.AlarmId);
        }

        return new ResolveResult(ResolveOutcome.Resolved, stored, found.PostId, found.AlarmId);
    }

    public async Task<IReadOnlyDictionary<long, AlarmResolution>> ForAlarmsAsync(IReadOnlyCollection<long> alarmRowIds, CancellationToken cancellationToken)
    {
        if (alarmRowIds.Count == 0)
        {
            return new Dictionary<long, AlarmResolution>();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, alarmRowIds, cancellationToken);
    }

    public async Task<IReadOnlyList<PostAlarmCounts>> CountsByPostAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CountsRow>(new CommandDefinition(
            """
            SELECT a.post_id AS PostId, COUNT(*) AS Alarms, SUM(a.presses)::bigint AS Presses,
                   COUNT(*) FILTER (WHERE r.outcome = 'real') AS Real, COUNT(*) FILTER (WHERE r.outcome = 'prank') AS Prank,
                   COUNT(*) FILTER (WHERE r.outcome = 'test') AS Test, COUNT(*) FILTER (WHERE r.outcome = 'fault') AS Fault
            FROM alarms a LEFT JOIN alarm_resolutions r ON r.alarm_row_id = a.id
            WHERE NOT a.test AND (CAST(@Since AS timestamptz) IS NULL OR a.received_at >= @Since)
            GROUP BY a.post_id
            ORDER BY a.post_id COLLATE "C"
            """,
            new { Since = PgTime.Of(since) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new PostAlarmCounts(r.PostId, (int)r.Alarms, (int)r.Presses, (int)r.Real, (int)r.Prank, (int)r.Test, (int)r.Fault))];
    }

    private static async Task<Dictionary<long, AlarmResolution>> ReadAsync(NpgsqlConnection connection, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ResolutionRow>(new CommandDefinition(
            """
            SELECT alarm_row_id AS AlarmRowId, outcome AS Outcome, notes AS Notes, resolved_by AS ResolvedBy, resolved_at AS ResolvedAt
            FROM alarm_resolutions WHERE alarm_row_id = ANY(@Ids)
            """,
            new { Ids = ids.ToArray() },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.AlarmRowId, r => new AlarmResolution(r.Outcome, r.Notes, r.ResolvedBy, PgTime.Read(r.ResolvedAt)));
    }

    private sealed class AlarmStateRow
    {
        public string PostId { get; set; } = "";
        public long AlarmId { get; set; }
        public string State { get; set; } = "";
    }

    private sealed class ResolutionRow
    {
        public long AlarmRowId { get; set; }
        public string Outcome { get; set; } = "";
        public string? Notes { get; set; }
        public string ResolvedBy { get; set; } = "";
        public DateTime ResolvedAt { get; set; }
    }

    private sealed class CountsRow
    {
        public string PostId { get; set; } = "";
        public long Alarms { get; set; }
        public long Presses { get; set; }
        public long Real { get; set; }
        public long Prank { get; set; }
        public long Test { get; set; }
        public long Fault { get; set; }
    }
}
