using Dapper;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Supervision;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// <see cref="IPostSupervisionStore"/> in PostgreSQL. Each change locks the posts it touches (FOR UPDATE, or the
/// UPDATE itself), so with several gateways an offline spell ends once and a silent post is marked once.
/// </summary>
public sealed class PostgresSupervisionStore(PostgresDatabase database) : IPostSupervisionStore
{
    public async Task<OfflineSpell?> MarkHeardAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The lock makes the gateway that ends the spell the only one that reports it.
        var state = await connection.QuerySingleOrDefaultAsync<SpellRow>(new CommandDefinition(
            "SELECT post_id AS PostId, offline_reason AS Reason, offline_since AS Since FROM posts_online WHERE post_id = @PostId FOR UPDATE",
            new { PostId = postId },
            transaction,
            cancellationToken: cancellationToken));
        var spell = state is { Reason: not null } ? state.ToSpell() : null;

        // last_seen only moves forward: shared gateways may handle two messages of one post out of order.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts_online AS p (post_id, online, last_seen) VALUES (@PostId, true, @At)
            ON CONFLICT (post_id) DO UPDATE SET
                online = true, offline_reason = NULL, offline_since = NULL,
                last_seen = CASE WHEN p.last_seen IS NULL OR p.last_seen < EXCLUDED.last_seen THEN EXCLUDED.last_seen ELSE p.last_seen END
            """,
            new { PostId = postId, At = PgTime.Of(at) },
            transaction,
            cancellationToken: cancellationToken));
        if (spell is not null)
        {
            await SqlMaintenanceAlertStore.ClearAsync(connection, transaction, StoreDialect.Postgres, postId, MaintenanceAlertType.Offline, MaintenanceAlertSource.PostHeard, at, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return spell;
    }

    public async Task<bool> MarkOfflineAsync(string postId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts_online AS p (post_id, online, offline_reason, offline_since) VALUES (@PostId, false, @Reason, @At)
            ON CONFLICT (post_id) DO UPDATE SET
                online = false,
                offline_reason = COALESCE(p.offline_reason, EXCLUDED.offline_reason),
                offline_since = COALESCE(p.offline_since, EXCLUDED.offline_since)
            """,
            new { PostId = postId, Reason = reason, At = PgTime.Of(at) },
            transaction,
            cancellationToken: cancellationToken));
        var raised = await SqlMaintenanceAlertStore.RaiseAsync(
            connection, transaction, StoreDialect.Postgres, new NewMaintenanceAlert(postId, MaintenanceAlertType.Offline, reason, at), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return raised is not null;
    }

    public async Task<IReadOnlyList<SilentPost>> MarkSilentAsync(DateTimeOffset heardBefore, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The update decides: a second gateway's update waits for the first, re-checks "online" and skips the post.
        var silent = (await connection.QueryAsync<(string PostId, DateTime? LastSeen)>(new CommandDefinition(
            """
            UPDATE posts_online SET online = false, offline_reason = @Reason, offline_since = @At
            WHERE online AND (last_seen IS NULL OR last_seen < @Before)
            RETURNING post_id, last_seen
            """,
            new { Reason = OfflineReason.MissedHeartbeats, At = PgTime.Of(at), Before = PgTime.Of(heardBefore) },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        var result = new List<SilentPost>(silent.Count);
        foreach (var (postId, lastSeen) in silent.OrderBy(s => s.PostId, StringComparer.Ordinal))
        {
            var raised = await SqlMaintenanceAlertStore.RaiseAsync(
                connection, transaction, StoreDialect.Postgres, new NewMaintenanceAlert(postId, MaintenanceAlertType.Offline, MaintenanceAlertSource.Supervision, at), cancellationToken);
            result.Add(new SilentPost(postId, PgTime.Read(lastSeen), raised is not null));
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<OfflineSpell>> OfflineAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SpellRow>(new CommandDefinition(
            """
            SELECT post_id AS PostId, offline_reason AS Reason, offline_since AS Since FROM posts_online
            WHERE NOT online AND offline_reason IS NOT NULL ORDER BY post_id COLLATE "C"
            """,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSpell())];
    }

    private sealed class SpellRow
    {
        public string PostId { get; set; } = "";
        public string? Reason { get; set; }
        public DateTime? Since { get; set; }

        public OfflineSpell ToSpell() => new(PostId, Reason ?? "", PgTime.Read(Since) ?? DateTimeOffset.MinValue);
    }
}
