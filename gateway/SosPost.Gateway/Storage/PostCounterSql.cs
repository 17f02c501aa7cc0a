using System.Data.Common;
using Dapper;
using SosPost.Gateway.Security;

namespace SosPost.Gateway.Storage;

/// <summary>
/// The post_counters statements, the same on SQLite and PostgreSQL: a change is a compare-and-set on the row as
/// read, retried when another gateway got there first, so it is atomic without locks. All in one transaction:
/// one commit per message, not one per statement.
/// </summary>
internal static class PostCounterSql
{
    private const int MaxAttempts = 16;

    /// <summary>Applies <paramref name="change"/> to the post's row (made if absent); false when it refuses. The time is in the store's own form.</summary>
    public static async Task<bool> ChangeAsync(DbConnection connection, string postId, object at, Func<PostCounters, PostCounters?> change, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO post_counters (post_id, highest, seen, will_ctr, will_highest, updated_at) VALUES (@PostId, 0, 0, 0, -1, @At) ON CONFLICT (post_id) DO NOTHING",
            new { PostId = postId, At = at },
            transaction,
            cancellationToken: cancellationToken));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await connection.QuerySingleAsync<PostCounters>(new CommandDefinition(
                "SELECT highest AS Highest, seen AS Seen, will_ctr AS WillCounter, will_highest AS WillHighest FROM post_counters WHERE post_id = @PostId",
                new { PostId = postId },
                transaction,
                cancellationToken: cancellationToken));
            if (change(row) is not { } next)
            {
                return false;
            }

            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE post_counters SET highest = @Highest, seen = @Seen, will_ctr = @WillCounter, will_highest = @WillHighest, updated_at = @At
                WHERE post_id = @PostId AND highest = @OldHighest AND seen = @OldSeen AND will_ctr = @OldWillCounter AND will_highest = @OldWillHighest
                """,
                new
                {
                    PostId = postId, next.Highest, next.Seen, next.WillCounter, next.WillHighest, At = at,
                    OldHighest = row.Highest, OldSeen = row.Seen, OldWillCounter = row.WillCounter, OldWillHighest = row.WillHighest,
                },
                transaction,
                cancellationToken: cancellationToken));
            if (updated == 1)
            {
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
        }

        throw new InvalidOperationException("The counters of post " + postId + " kept changing under " + MaxAttempts + " attempts");
    }

    /// <summary>
    /// How far a post's reply counter may fall behind the clock before it jumps to it. Counters follow the gateways'
    /// clocks (microseconds since 1970) so that a new store, or a new board (its floor is its provisioning time), starts
    /// above every older message; within a minute they count by one, so the messages of several gateways stay within a
    /// post's 64-counter window even when they arrive out of order.
    /// </summary>
    public static readonly TimeSpan ReplyClockSlack = TimeSpan.FromMinutes(1);

    /// <summary>Allocates the post's next reply counter in one statement (atomic on both databases); the time is in the store's own form.</summary>
    public static Task<long> NextReplyAsync(DbConnection connection, string postId, DateTimeOffset now, object at, CancellationToken cancellationToken)
    {
        var micros = (now - DateTimeOffset.UnixEpoch).Ticks / 10;
        return connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO post_reply_counters (post_id, counter, updated_at) VALUES (@PostId, @Now, @At)
            ON CONFLICT (post_id) DO UPDATE SET
                counter = CASE WHEN post_reply_counters.counter + 1 < @Behind THEN @Now ELSE post_reply_counters.counter + 1 END,
                updated_at = @At
            RETURNING counter
            """,
            new { PostId = postId, Now = micros, Behind = micros - (ReplyClockSlack.Ticks / 10), At = at },
            cancellationToken: cancellationToken));
    }

    public static PostCounters? Take(PostCounters row, long counter) =>
        row.Window.Take(counter) is { } window ? row with { Highest = window.Highest, Seen = window.Seen } : null;
}
