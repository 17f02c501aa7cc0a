using System.Data.Common;
using Dapper;
using SosPost.Gateway.Maintenance;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// <see cref="IMaintenanceAlertStore"/> in PostgreSQL. The partial unique index on open alerts decides a raise
/// (ON CONFLICT DO NOTHING), so two gateways raising one alert at once open it once.
/// </summary>
public sealed class PostgresMaintenanceAlertStore(PostgresDatabase database) : IMaintenanceAlertStore
{
    private const string Columns = """
        id AS Id, post_id AS PostId, type AS Type, source AS Source, raised_at AS RaisedAt, cleared_at AS ClearedAt, cleared_by AS ClearedBy
        """;

    public async Task<MaintenanceAlert?> RaiseAsync(NewMaintenanceAlert alert, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await RaiseAsync(connection, null, alert, cancellationToken);
    }

    public async Task<MaintenanceAlert?> ClearAsync(string postId, string type, string clearedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ClearAsync(connection, null, postId, type, clearedBy, at, cancellationToken);
    }

    public async Task<IReadOnlyList<MaintenanceAlert>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            $"SELECT {Columns} FROM maintenance_alerts {(openOnly ? "WHERE cleared_at IS NULL" : "")} ORDER BY raised_at DESC, id DESC LIMIT @Limit",
            new { Limit = limit },
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.MaintenanceAlert);
    }

    /// <summary>Inside another store's transaction (supervision), so a post's state and its alert change together.</summary>
    internal static async Task<MaintenanceAlert?> RaiseAsync(DbConnection connection, DbTransaction? transaction, NewMaintenanceAlert alert, CancellationToken cancellationToken)
    {
        return await connection.QuerySingleRowOrDefaultAsync(new CommandDefinition(
            $"""
            INSERT INTO maintenance_alerts (post_id, type, source, raised_at)
            VALUES (@PostId, @Type, @Source, @RaisedAt)
            ON CONFLICT (post_id, type) WHERE cleared_at IS NULL DO NOTHING
            RETURNING {Columns}
            """,
            new { alert.PostId, alert.Type, alert.Source, RaisedAt = PgTime.Of(alert.RaisedAt) },
            transaction,
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.MaintenanceAlert);
    }

    internal static async Task<MaintenanceAlert?> ClearAsync(DbConnection connection, DbTransaction? transaction, string postId, string type, string clearedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Two gateways clearing at once: the second update waits for the first, then finds no open alert.
        return await connection.QuerySingleRowOrDefaultAsync(new CommandDefinition(
            $"""
            UPDATE maintenance_alerts SET cleared_at = @At, cleared_by = @ClearedBy
            WHERE post_id = @PostId AND type = @Type AND cleared_at IS NULL
            RETURNING {Columns}
            """,
            new { PostId = postId, Type = type, ClearedBy = clearedBy, At = PgTime.Of(at) },
            transaction,
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.MaintenanceAlert);
    }
}
