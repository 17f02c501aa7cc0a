using Dapper;
using SosPost.Gateway.Alarms;

namespace SosPost.Gateway.Storage;

public sealed class SqliteAlarmResolutionStore(SqliteDatabase database) : IAlarmResolutionStore
{
    public async Task<ResolveResult> ResolveAsync(long alarmRowId, AlarmResolution resolution, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<AlarmStateRow>(new CommandDefinition(
            "SELECT post_id AS PostId, alarm_id AS AlarmId, state AS State FROM alarms WHERE id = @Id",
            new { Id = alarmRowId },
            transaction,
            cancellationToken: cancellationToken));
        if (found is null)
        {
            return new ResolveResult(ResolveOutcome.NotFound, null);
        }

        var existing = await ReadAsync(connection, transaction, [alarmRowId], cancellationToken);
        if (existing.TryGetValue(alarmRowId, out var earlier))
        {
            return new ResolveResult(ResolveOutcome.AlreadyResolved, earlier, found.PostId, found.AlarmId);
        }

        if (found.State != "dispatched")
        {
            return new ResolveResult(ResolveOutcome.NotAcknowledged, null, found.PostId, found.AlarmId);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO alarm_resolutions (alarm_row_id, outcome, notes, resolved_by, resolved_at)
            VALUES (@AlarmRowId, @Outcome, @Notes, @ResolvedBy, @ResolvedAt)
            """,
            new { AlarmRowId = alarmRowId, resolution.Outcome, resolution.Notes, resolution.ResolvedBy, ResolvedAt = UtcTime.ToText(resolution.ResolvedAt) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ResolveResult(ResolveOutcome.Resolved, resolution with { ResolvedAt = UtcTime.Parse(UtcTime.ToText(resolution.ResolvedAt)) }, found.PostId, found.AlarmId);
    }

    public async Task<IReadOnlyDictionary<long, AlarmResolution>> ForAlarmsAsync(IReadOnlyCollection<long> alarmRowIds, CancellationToken cancellationToken)
    {
        if (alarmRowIds.Count == 0)
        {
            return new Dictionary<long, AlarmResolution>();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, alarmRowIds, cancellationToken);
    }

    public async Task<IReadOnlyList<PostAlarmCounts>> CountsByPostAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CountsRow>(new CommandDefinition(
            """
            SELECT a.post_id AS PostId, COUNT(*) AS Alarms, SUM(a.presses) AS Presses,
                   SUM(r.outcome = 'real') AS Real, SUM(r.outcome = 'prank') AS Prank,
                   SUM(r.outcome = 'test') AS Test, SUM(r.outcome = 'fault') AS Fault
            FROM alarms a LEFT JOIN alarm_resolutions r ON r.alarm_row_id = a.id
            WHERE a.test = 0 AND (@Since IS NULL OR a.received_at >= @Since)
            GROUP BY a.post_id
            ORDER BY a.post_id
            """,
            new { Since = UtcTime.ToText(since) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new PostAlarmCounts(r.PostId, (int)r.Alarms, (int)r.Presses, (int)(r.Real ?? 0), (int)(r.Prank ?? 0), (int)(r.Test ?? 0), (int)(r.Fault ?? 0)))];
    }

    private static async Task<Dictionary<long, AlarmResolution>> ReadAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, System.Data.Common.DbTransaction? transaction, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ResolutionRow>(new CommandDefinition(
            """
            SELECT alarm_row_id AS AlarmRowId, outcome AS Outcome, notes AS Notes, resolved_by AS ResolvedBy, resolved_at AS ResolvedAt
            FROM alarm_resolutions WHERE alarm_row_id IN @Ids
            """,
            new { Ids = ids.ToArray() },
            transaction,
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.AlarmRowId, r => new AlarmResolution(r.Outcome, r.Notes, r.ResolvedBy, UtcTime.Parse(r.ResolvedAt)));
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
        public string ResolvedAt { get; set; } = "";
    }

    private sealed class CountsRow
    {
        public string PostId { get; set; } = "";
        public long Alarms { get; set; }
        public long Presses { get; set; }
        public long? Real { get; set; }
        public long? Prank { get; set; }
        public long? Test { get; set; }
        public long? Fault { get; set; }
    }
}
