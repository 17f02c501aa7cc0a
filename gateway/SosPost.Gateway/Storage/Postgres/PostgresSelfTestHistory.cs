using Dapper;
using SosPost.Gateway.Reports;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Storage.Postgres;

public sealed class PostgresSelfTestHistory(PostgresDatabase database) : ISelfTestHistory
{
    public async Task<IReadOnlyList<SelfTestReport>> LastPassedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT post_id AS PostId, test_id AS TestId, started_by AS Trigger, ok AS Ok, lamp AS Lamp, camera AS Camera,
                   link AS Link, storage AS Storage, link_rtt_ms AS LinkRttMs, uptime_ms AS UptimeMs, at AS At,
                   received_at AS ReceivedAt
            FROM (
                SELECT s.*, ROW_NUMBER() OVER (PARTITION BY post_id ORDER BY received_at DESC, id DESC) AS newest
                FROM selftests s WHERE ok) passed
            WHERE newest = 1
            ORDER BY post_id COLLATE "C"
            """,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToReport())];
    }

    private sealed class Row
    {
        public string PostId { get; set; } = "";
        public string TestId { get; set; } = "";
        public string Trigger { get; set; } = "";
        public bool Ok { get; set; }
        public string Lamp { get; set; } = "";
        public string Camera { get; set; } = "";
        public string Link { get; set; } = "";
        public string Storage { get; set; } = "";
        public long? LinkRttMs { get; set; }
        public long UptimeMs { get; set; }
        public DateTime? At { get; set; }
        public DateTime ReceivedAt { get; set; }

        public SelfTestReport ToReport() => new(
            PostId, TestId, Trigger, Ok, Lamp, Camera, Link, Storage, LinkRttMs, UptimeMs, PgTime.Read(At), PgTime.Read(ReceivedAt));
    }
}
