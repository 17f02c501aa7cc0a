using Dapper;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage;

/// <summary>
/// How the SQLite store defers and flushes: commits in a deferred scope skip the fsync (synchronous=NORMAL), every
/// other commit keeps it (FULL), and a flush is one FULL commit, made only when something was deferred.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private const long Normal = 1;
    private const long Full = 2;

    private readonly TempDirectory _directory = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Connections_opened_in_a_deferred_scope_skip_the_fsync_and_every_other_keeps_it()
    {
        var database = new SqliteDatabase(_directory.DatabasePath);

        Assert.Equal(Full, await SynchronousAsync(database));
        using (database.DeferFlush())
        {
            Assert.Equal(Normal, await SynchronousAsync(database));
        }

        Assert.Equal(Full, await SynchronousAsync(database));
        await Task.Run(async () => Assert.Equal(Full, await SynchronousAsync(database)), _ct);
    }

    [Fact]
    public async Task A_flush_after_deferred_writes_is_one_full_commit_and_a_flush_with_nothing_deferred_writes_nothing()
    {
        var database = new SqliteDatabase(_directory.DatabasePath);
        await database.FlushAsync(_ct);
        var before = await FlushCountAsync(database);

        using (database.DeferFlush())
        {
            await WriteAsync(database, "first");
            await WriteAsync(database, "second");
        }

        await database.FlushAsync(_ct);
        Assert.Equal(before + 1, await FlushCountAsync(database));

        await database.FlushAsync(_ct); // nothing deferred since
        await WriteAsync(database, "written with its own fsync");
        await database.FlushAsync(_ct);
        Assert.Equal(before + 1, await FlushCountAsync(database));
    }

    [Fact]
    public async Task A_deferred_commit_made_after_a_flush_on_a_connection_opened_before_it_is_flushed_by_the_next_flush()
    {
        // Intake opens its connection, the flush for the previous message runs, then intake commits: that commit
        // skipped the fsync and is on disk only if the next flush really writes.
        var database = new SqliteDatabase(_directory.DatabasePath);
        await WriteAsync(database, "schema");
        await database.FlushAsync(_ct);
        var before = await FlushCountAsync(database);

        await using (var late = await OpenDeferredAsync(database))
        {
            await database.FlushAsync(_ct); // begins while the connection is open, before its commit
            await late.ExecuteAsync("INSERT INTO group_commit_test (note) VALUES ('committed after the flush')");
        }

        await database.FlushAsync(_ct);
        Assert.Equal(before + 2, await FlushCountAsync(database));
    }

    [Fact]
    public async Task What_was_written_deferred_is_committed_and_read_back_after_every_connection_is_closed()
    {
        var database = new SqliteDatabase(_directory.DatabasePath);
        using (database.DeferFlush())
        {
            await WriteAsync(database, "deferred");
        }

        await database.FlushAsync(_ct);
        SqliteConnectionPoolReset();

        var reopened = new SqliteDatabase(_directory.DatabasePath);
        await using var connection = await reopened.OpenAsync(_ct);
        Assert.Equal(["deferred"], await connection.QueryAsync<string>("SELECT note FROM group_commit_test"));
    }

    private static void SqliteConnectionPoolReset() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private async Task<Microsoft.Data.Sqlite.SqliteConnection> OpenDeferredAsync(SqliteDatabase database)
    {
        using (database.DeferFlush())
        {
            return await database.OpenAsync(_ct);
        }
    }

    private async Task<long> SynchronousAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(_ct);
        return await connection.ExecuteScalarAsync<long>("PRAGMA synchronous");
    }

    private async Task<long> FlushCountAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(_ct);
        return await connection.ExecuteScalarAsync<long>("SELECT flushes FROM store_flush WHERE id = 1");
    }

    private async Task WriteAsync(SqliteDatabase database, string note)
    {
        await using var connection = await database.OpenAsync(_ct);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS group_commit_test (note TEXT NOT NULL)");
        await connection.ExecuteAsync("INSERT INTO group_commit_test (note) VALUES (@Note)", new { Note = note });
    }
}
