using Dapper;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Supervision;

namespace SosPost.Gateway.Storage;

public sealed class SqliteSupervisionStore(SqliteDatabase database) : IPostSupervisionStore
{
    public async Task<OfflineSpell?> MarkHeardAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var spell = await connection.QuerySingleOrDefaultAsync<SpellRow>(new CommandDefinition(
            "SELECT post_id AS PostId, offline_reason AS Reason, offline_since AS Since FROM posts_online WHERE post_id = @PostId AND offline_reason IS NOT NULL",
            new { PostId = postId },
            transaction,
            cancellationToken: cancellationToken));

        // last_seen only moves forward: shared gateways may handle two messages of one post out of order.
        var atText = UtcTime.ToText(at);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts_online (post_id, online, last_seen) VALUES (@PostId, 1, @At)
            ON CONFLICT (post_id) DO UPDATE SET
                online = 1, offline_reason = NULL, offline_since = NULL,
                last_seen = CASE WHEN last_seen IS NULL OR last_seen < excluded.last_seen THEN excluded.last_seen ELSE last_seen END
            """,
            new { PostId = postId, At = atText },
            transaction,
            cancellationToken: cancellationToken));
        if (spell is not null)
        {
            await SqlMaintenanceAlertStore.ClearAsync(connection, transaction, StoreDialect.Sqlite, postId, MaintenanceAlertType.Offline, MaintenanceAlertSource.PostHeard, at, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return spell?.ToSpell();
    }

    public async Task<bool> MarkOfflineAsync(string postId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts_online (post_id, online, offline_reason, offline_since) VALUES (@PostId, 0, @Reason, @At)
            ON CONFLICT (post_id) DO UPDATE SET
                online = 0,
                offline_reason = COALESCE(offline_reason, excluded.offline_reason),
                offline_since = COALESCE(offline_since, excluded.offline_since)
            """,
            new { PostId = postId, Reason = reason, At = UtcTime.ToText(at) },
            transaction,
            cancellationToken: cancellationToken));
        var raised = await SqlMaintenanceAlertStore.RaiseAsync(
            connection, transaction, StoreDialect.Sqlite, new NewMaintenanceAlert(postId, MaintenanceAlertType.Offline, reason, at), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return raised is not null;
    }

    public async Task<IReadOnlyList<SilentPost>> MarkSilentAsync(DateTimeOffset heardBefore, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The update decides, so two gateways checking at once mark each post once.
        var silent = (await connection.QueryAsync<(string PostId, string? LastSeen)>(new CommandDefinition(
            """
            UPDATE posts_online SET online = 0, offline_reason = @Reason, offline_since = @At
            WHERE online = 1 AND (last_seen IS NULL OR last_seen < @Before)
            RETURNING post_id, last_seen
            """,
            new { Reason = OfflineReason.MissedHeartbeats, At = UtcTime.ToText(at), Before = UtcTime.ToText(heardBefore) },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        var result = new List<SilentPost>(silent.Count);
        foreach (var (postId, lastSeen) in silent.OrderBy(s => s.PostId, StringComparer.Ordinal))
        {
            var raised = await SqlMaintenanceAlertStore.RaiseAsync(
                connection, transaction, StoreDialect.Sqlite, new NewMaintenanceAlert(postId, MaintenanceAlertType.Offline, MaintenanceAlertSource.Supervision, at), cancellationToken);
            result.Add(new SilentPost(postId, UtcTime.ParseOrNull(lastSeen), raised is not null));
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<OfflineSpell>> OfflineAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SpellRow>(new CommandDefinition(
            "SELECT post_id AS PostId, offline_reason AS Reason, offline_since AS Since FROM posts_online WHERE online = 0 AND offline_reason IS NOT NULL ORDER BY post_id",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSpell())];
    }

    private sealed class SpellRow
    {
        public string PostId { get; set; } = "";
        public string Reason { get; set; } = "";
        public string? Since { get; set; }

        public OfflineSpell ToSpell() => new(PostId, Reason, UtcTime.ParseOrNull(Since) ?? DateTimeOffset.MinValue);
    }
}
