using SosPost.Gateway.Security;

namespace SosPost.Gateway.Storage.Postgres;

public sealed class PostgresPostCounterStore(PostgresDatabase database, TimeProvider time) : IPostCounterStore
{
    public async Task<bool> TryTakeAsync(string postId, long counter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PostCounterSql.ChangeAsync(connection, postId, PgTime.Of(time.GetUtcNow()), row => PostCounterSql.Take(row, counter), cancellationToken);
    }

    public async Task<bool> TryTakeWillAsync(string postId, long counter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PostCounterSql.ChangeAsync(connection, postId, PgTime.Of(time.GetUtcNow()), row => row.TakeWill(counter), cancellationToken);
    }

    public async Task<long> NextReplyCounterAsync(string postId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PostCounterSql.NextReplyAsync(connection, postId, now, PgTime.Of(now), cancellationToken);
    }
}
