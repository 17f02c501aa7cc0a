using Dapper;
using SosPost.Gateway.Events;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary><see cref="IEventStore"/> in PostgreSQL; ON CONFLICT makes one event reaching two gateways one row.</summary>
public sealed class PostgresEventStore(PostgresDatabase database) : IEventStore
{
    private const string Columns = """
        post_id AS PostId, event_id AS EventId, type AS Type, active AS Active, uptime_ms AS UptimeMs,
        at AS At, received_at AS ReceivedAt
        """;

    public async Task<bool> RecordAsync(PostEvent postEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO post_events (post_id, event_id, type, active, uptime_ms, at, received_at)
            VALUES (@PostId, @EventId, @Type, @Active, @UptimeMs, @At, @ReceivedAt)
            ON CONFLICT (post_id, event_id, uptime_ms) DO NOTHING
            """,
            new
            {
                postEvent.PostId,
                postEvent.EventId,
                postEvent.Type,
                postEvent.Active,
                postEvent.UptimeMs,
                At = PgTime.Of(postEvent.At),
                ReceivedAt = PgTime.Of(postEvent.ReceivedAt),
            },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<IReadOnlyList<PostEvent>> ListAsync(string postId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            $"SELECT {Columns} FROM post_events WHERE post_id = @PostId ORDER BY event_id DESC, id DESC LIMIT @Limit",
            new { PostId = postId, Limit = limit },
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.Event);
    }

    public async Task<IReadOnlyList<PostEvent>> OpenTroublesAsync(CancellationToken cancellationToken)
    {
        // By event id, not arrival: several events may be in flight, and shared gateways store them in any order.
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            $"""
            SELECT {Columns} FROM (
                SELECT e.*, ROW_NUMBER() OVER (PARTITION BY post_id, type ORDER BY event_id DESC, id DESC) AS newest
                FROM post_events e) latest
            WHERE newest = 1 AND active
            ORDER BY post_id COLLATE "C", event_id
            """,
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.Event);
    }
}
