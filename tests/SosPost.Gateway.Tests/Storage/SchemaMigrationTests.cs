using Dapper;
using Microsoft.Data.Sqlite;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage;

/// <summary>SQLite only: upgrading files older gateways wrote, and its journal. The rest is in Contract/.</summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_version_1_database_keeps_its_data_gains_post_health_and_drops_queued_deliveries_of_test_alarms()
    {
        await using (var old = await OpenRawAsync())
        {
            await old.ExecuteAsync(Schema.Migrations[0] + "PRAGMA user_version = 1;");
            await old.ExecuteAsync(
                """
                INSERT INTO posts_online (post_id, online, firmware, last_seen, uptime_ms, uptime_at) VALUES ('MHC-001', 1, '0.1.0', NULL, 5, NULL);
                INSERT INTO alarms (post_id, alarm_id, kind, test, presses, uptime_ms, snapshot, received_at, state)
                VALUES ('MHC-001', 42, 'panic', 0, 1, 5, 1, '2026-11-22T03:15:42.180Z', 'received'),
                       ('MHC-001', 43, 'panic', 1, 1, 9, 1, '2026-11-22T03:18:28.180Z', 'received');
                INSERT INTO dispatch_outbox (alarm_row_id, target, idempotency_key, status, next_attempt_at)
                VALUES (1, 'webhook', 'MHC-001/42/webhook', 'pending', '2026-11-22T03:15:42.180Z'),
                       (2, 'webhook', 'MHC-001/43/webhook', 'pending', '2026-11-22T03:18:28.180Z');
                """);
        }

        var database = new SqliteDatabase(_directory.DatabasePath);
        await using var connection = await database.OpenAsync(None);

        Assert.Equal(Schema.Version, await connection.ExecuteScalarAsync<long>("PRAGMA user_version"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarms"));
        Assert.Equal(["MHC-001/42/webhook"], await connection.QueryAsync<string>("SELECT idempotency_key FROM dispatch_outbox"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM post_events"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM selftests"));
        var presence = await new SqlitePostStore(database).GetPresenceAsync("MHC-001", None);
        Assert.Equal(new PostPresence("MHC-001", true, "0.1.0", null, 5, null), presence);
    }

    [Fact]
    public async Task The_database_uses_write_ahead_logging()
    {
        await using var connection = await new SqliteDatabase(_directory.DatabasePath).OpenAsync(None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={_directory.DatabasePath}");
        await connection.OpenAsync(None);
        return connection;
    }
}
