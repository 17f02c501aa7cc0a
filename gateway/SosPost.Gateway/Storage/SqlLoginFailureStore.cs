using System.Data.Common;
using Dapper;
using SosPost.Gateway.Console;

namespace SosPost.Gateway.Storage;

/// <summary>
/// <see cref="ILoginFailureStore"/> on SQLite and PostgreSQL alike: a row per failure and key. Gateways sharing a
/// database count each other's failures; the rows of a key stay few (a throttled attempt records none) and every
/// failure prunes the ones that left the window.
/// </summary>
public abstract class SqlLoginFailureStore : ILoginFailureStore
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly StoreDialect _dialect;

    private protected SqlLoginFailureStore(Func<CancellationToken, Task<DbConnection>> open, StoreDialect dialect)
    {
        _open = open;
        _dialect = dialect;
    }

    public async Task RecordAsync(IReadOnlyCollection<string> keys, DateTimeOffset at, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_failures WHERE at < @ForgetBefore",
            new { ForgetBefore = _dialect.WriteTime(forgetBefore) },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO login_failures (throttle_key, at) VALUES (@Key, @At)",
            keys.Select(key => new { Key = key, At = _dialect.WriteTime(at) }),
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DateTimeOffset>> RecentAsync(string key, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            "SELECT at AS At FROM login_failures WHERE throttle_key = @Key AND at > @Since ORDER BY at DESC, id DESC LIMIT @Limit",
            new { Key = key, Since = _dialect.WriteTime(since), Limit = limit },
            cancellationToken: cancellationToken),
            _dialect.ReadTime,
            row => row.Time("At"));
    }

    public async Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_failures WHERE throttle_key = @Key", new { Key = key }, cancellationToken: cancellationToken));
    }
}
