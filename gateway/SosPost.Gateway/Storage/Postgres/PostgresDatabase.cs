using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// The PostgreSQL database several gateways share: a pooled <see cref="NpgsqlDataSource"/>, and the schema
/// brought up to date on first use. Migrations run in one transaction under an advisory lock, so gateways
/// that start together migrate one after the other and the later ones find nothing left to do.
/// </summary>
/// <remarks>The connection string is read on first use, like the SQLite path; it is never logged.</remarks>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>pg_advisory_xact_lock key of the migrations ("SOSPOSTM" in ASCII).</summary>
    private const long MigrationLockKey = 0x534F53504F53544D;

    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public PostgresDatabase(IOptions<StoreOptions> options)
        : this(() => options.Value.ConnectionString ?? throw new InvalidOperationException("Gateway:Store:ConnectionString is not set."))
    {
    }

    public PostgresDatabase(string connectionString)
        : this(() => connectionString)
    {
    }

    private PostgresDatabase(Func<string> connectionString)
    {
        _dataSource = new(() => new NpgsqlDataSourceBuilder(connectionString()) { Name = "sospost" }.Build());
    }

    /// <summary>Server and database, for messages; never the password.</summary>
    public string Description
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(_dataSource.Value.ConnectionString);
            return $"{settings.Host}:{settings.Port}/{settings.Database}";
        }
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }

        return await _dataSource.Value.OpenConnectionAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }

        _initLock.Dispose();
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

            await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
            await MigrateAsync(connection, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Runs the migrations the database has not had, recording each in sospost_schema, in one transaction.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer gateway.</exception>
    private async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Held until commit: a second gateway waits here, then sees the versions the first one recorded.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = MigrationLockKey }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS sospost_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            transaction: transaction,
            cancellationToken: cancellationToken));
        var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM sospost_schema", transaction: transaction, cancellationToken: cancellationToken));
        if (version > PostgresSchema.Version)
        {
            throw new InvalidOperationException($"The database {Description} has schema version {version}; this gateway knows up to {PostgresSchema.Version}. Run the newer gateway, or restore a backup.");
        }

        for (; version < PostgresSchema.Version; version++)
        {
            await connection.ExecuteAsync(new CommandDefinition(PostgresSchema.Migrations[version], transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sospost_schema (version) VALUES (@Version)", new { Version = version + 1 }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
