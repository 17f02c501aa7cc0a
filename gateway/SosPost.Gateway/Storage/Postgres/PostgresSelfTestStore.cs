using Dapper;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary><see cref="ISelfTestStore"/> in PostgreSQL; ON CONFLICT makes a report delivered twice one row.</summary>
public sealed class PostgresSelfTestStore(PostgresDatabase database) : ISelfTestStore
{
    public async Task<bool> RecordAsync(SelfTestReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO selftests (post_id, test_id, started_by, ok, lamp, camera, link, storage, link_rtt_ms, uptime_ms, at, received_at)
            VALUES (@PostId, @TestId, @Trigger, @Ok, @Lamp, @Camera, @Link, @Storage, @LinkRttMs, @UptimeMs, @At, @ReceivedAt)
            ON CONFLICT (post_id, test_id, uptime_ms) DO NOTHING
            """,
            new
            {
                report.PostId,
                report.TestId,
                report.Trigger,
                report.Ok,
                report.Lamp,
                report.Camera,
                report.Link,
                report.Storage,
                report.LinkRttMs,
                report.UptimeMs,
                At = PgTime.Of(report.At),
                ReceivedAt = PgTime.Of(report.ReceivedAt),
            },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<IReadOnlyList<SelfTestReport>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            $"""
            SELECT {StoreRows.SelfTestColumns}
            FROM (
                SELECT s.*, ROW_NUMBER() OVER (PARTITION BY post_id ORDER BY received_at DESC, id DESC) AS newest
                FROM selftests s) latest
            WHERE newest = 1
            ORDER BY post_id COLLATE "C"
            """,
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.SelfTest);
    }
}
