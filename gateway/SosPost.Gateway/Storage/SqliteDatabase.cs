using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Storage;

/// <summary>
/// The gateway's SQLite file: opens connections and brings the schema up to date on first use.
/// WAL lets the console read while intake writes; synchronous=FULL because a post deletes an alarm
/// from its flash once we say "received", so a commit must survive a power cut, not just a crash.
/// </summary>
/// <remarks>
/// Group commit (<see cref="IStoreDurability"/>): a connection opened inside <see cref="DeferFlush"/> runs with
/// synchronous=NORMAL, whose commits are appended to the WAL file without waiting for the disk. The flush is one
/// synchronous=FULL commit: its fsync of the WAL file puts every frame written before it on disk too, so every
/// deferred commit before it survives a power cut. (A checkpoint in between is safe: with NORMAL, SQLite syncs the
/// WAL before it checkpoints and the database file after.)
/// The path is read on first use (see <see cref="Intake.GatewayMqtt"/> for why).
/// </remarks>
public sealed class SqliteDatabase : IStoreDurability
{
    // SQLite's own wait for another connection's write lock polls every few milliseconds; without it
    // Microsoft.Data.Sqlite retries a busy statement only every 150 ms, which an alarm would wait for.
    private const string WaitForLocks = " PRAGMA busy_timeout = 30000;";

    private static readonly AsyncLocal<bool> Deferred = new();

    private readonly Lazy<string> _filePath;
    private readonly Lazy<string> _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;
    // A deferred connection may commit at any time until it closes, so both its opening and its closing count as a
    // change a flush must cover, and a flush is skipped only when none is open (see FlushAsync).
    private long _deferredChanges;
    private long _deferredOpen;
    private long _flushedThrough;

    public SqliteDatabase(IOptions<StoreOptions> options)
        : this(() => options.Value.SqlitePath)
    {
    }

    public SqliteDatabase(string path)
        : this(() => path)
    {
    }

    private SqliteDatabase(Func<string> path)
    {
        _filePath = new(() => Path.GetFullPath(path()));
        _connectionString = new(() => new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = 30, // seconds a command waits for a lock held by another connection
        }.ToString());
    }

    public string FilePath => _filePath.Value;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }

        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString.Value);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            if (Deferred.Value)
            {
                CountDeferred(connection);
                pragma.CommandText = "PRAGMA synchronous = NORMAL;" + WaitForLocks;
            }
            else
            {
                pragma.CommandText = "PRAGMA synchronous = FULL;" + WaitForLocks;
            }

            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public IDisposable DeferFlush()
    {
        var outer = Deferred.Value;
        Deferred.Value = true;
        return new DeferScope(outer);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Nothing to put on disk only when no deferred connection is open (it could commit after our flush) and none
        // opened or closed since the last flush read the count. Open count first: a connection closing in between
        // has raised the change count before it leaves the open count.
        var open = Interlocked.Read(ref _deferredOpen);
        var deferred = Interlocked.Read(ref _deferredChanges);
        if (open == 0 && deferred == Interlocked.Read(ref _flushedThrough))
        {
            return;
        }

        using (Suspend())
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE store_flush SET flushes = flushes + 1 WHERE id = 1;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Only forward: two flushes at once may finish in either order.
        long seen;
        while ((seen = Interlocked.Read(ref _flushedThrough)) < deferred && Interlocked.CompareExchange(ref _flushedThrough, deferred, seen) != seen)
        {
        }
    }

    private void CountDeferred(SqliteConnection connection)
    {
        Interlocked.Increment(ref _deferredOpen);
        Interlocked.Increment(ref _deferredChanges);
        connection.StateChange += Closed;

        void Closed(object? sender, System.Data.StateChangeEventArgs change)
        {
            if (change.CurrentState == System.Data.ConnectionState.Closed)
            {
                connection.StateChange -= Closed;
                Interlocked.Increment(ref _deferredChanges);
                Interlocked.Decrement(ref _deferredOpen);
            }
        }
    }

    private static DeferScope Suspend()
    {
        var outer = Deferred.Value;
        Deferred.Value = false;
        return new DeferScope(outer);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = Schema.Pragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }

            await MigrateAsync(connection, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Runs the migrations the database has not had, each with its new user_version in one transaction.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer gateway.</exception>
    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Immediate: the version read and the migration hold the write lock together.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (version > Schema.Version)
            {
                throw new InvalidOperationException($"The database {FilePath} has schema version {version}; this gateway knows up to {Schema.Version}. Run the newer gateway, or restore a backup.");
            }

            if (version == Schema.Version)
            {
                return;
            }

            command.CommandText = Schema.Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private sealed class DeferScope(bool outer) : IDisposable
    {
        public void Dispose() => Deferred.Value = outer;
    }
}
