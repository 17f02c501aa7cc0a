using System.Data.Common;
using Dapper;
using SosPost.Gateway.Maintenance;

namespace SosPost.Gateway.Storage;

/// <summary>
/// <see cref="IMaintenanceAlertStore"/> on SQLite and PostgreSQL alike. Both have a partial unique index on open
/// alerts, which decides a raise (ON CONFLICT DO NOTHING): two gateways raising one alert at once open it once,
/// and of two clearing at once the second finds no open alert.
/// </summary>
public abstract class SqlMaintenanceAlertStore : IMaintenanceAlertStore
{
    private const string Columns = """
        id AS Id, post_id AS PostId, type AS Type, source AS Source, raised_at AS RaisedAt, cleared_at AS ClearedAt, cleared_by AS ClearedBy
        """;

    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly StoreDialect _dialect;

    private protected SqlMaintenanceAlertStore(Func<CancellationToken, Task<DbConnection>> open, StoreDialect dialect)
    {
        _open = open;
        _dialect = dialect;
    }

    public async Task<MaintenanceAlert?> RaiseAsync(NewMaintenanceAlert alert, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        return await RaiseAsync(connection, null, _dialect, alert, cancellationToken);
    }

    public async Task<MaintenanceAlert?> ClearAsync(string postId, string type, string clearedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        return await ClearAsync(connection, null, _dialect, postId, type, clearedBy, at, cancellationToken);
    }

    public async Task<IReadOnlyList<MaintenanceAlert>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            $"SELECT {Columns} FROM maintenance_alerts {(openOnly ? "WHERE cleared_at IS NULL" : "")} ORDER BY raised_at DESC, id DESC LIMIT @Limit",
            new { Limit = limit },
            cancellationToken: cancellationToken),
            _dialect.ReadTime,
            StoreRows.MaintenanceAlert);
    }

    /// <summary>Inside another store's transaction (supervision), so a post's state and its alert change together.</summary>
    internal static Task<MaintenanceAlert?> RaiseAsync(DbConnection connection, DbTransaction? transaction, StoreDialect dialect, NewMaintenanceAlert alert, CancellationToken cancellationToken) =>
        connection.QuerySingleRowOrDefaultAsync(new CommandDefinition(
            $"""
            INSERT INTO maintenance_alerts (post_id, type, source, raised_at)
            VALUES (@PostId, @Type, @Source, @RaisedAt)
            ON CONFLICT (post_id, type) WHERE cleared_at IS NULL DO NOTHING
            RETURNING {Columns}
            """,
            new { alert.PostId, alert.Type, alert.Source, RaisedAt = dialect.WriteTime(alert.RaisedAt) },
            transaction,
            cancellationToken: cancellationToken),
            dialect.ReadTime,
            StoreRows.MaintenanceAlert);

    /// <summary>Inside another store's transaction (supervision), so a post's state and its alert change together.</summary>
    internal static Task<MaintenanceAlert?> ClearAsync(DbConnection connection, DbTransaction? transaction, StoreDialect dialect, string postId, string type, string clearedBy, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.QuerySingleRowOrDefaultAsync(new CommandDefinition(
            $"""
            UPDATE maintenance_alerts SET cleared_at = @At, cleared_by = @ClearedBy
            WHERE post_id = @PostId AND type = @Type AND cleared_at IS NULL
            RETURNING {Columns}
            """,
            new { PostId = postId, Type = type, ClearedBy = clearedBy, At = dialect.WriteTime(at) },
            transaction,
            cancellationToken: cancellationToken),
            dialect.ReadTime,
            StoreRows.MaintenanceAlert);
}
