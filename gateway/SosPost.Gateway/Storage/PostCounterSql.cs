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

    public static PostCounters? Take(PostCounters row, long counter) =>
        row.Window.Take(counter) is { } window ? row with { Highest = window.Highest, Seen = window.Seen } : null;
}
