namespace SosPost.Gateway.Storage;

/// <summary>
/// Group commit. A commit normally waits until it is on disk, and one disk flush per message is what limits an
/// alarm storm. Inside <see cref="DeferFlush"/> commits return before they are on disk; <see cref="FlushAsync"/>
/// then puts every commit made so far on disk at once. Whoever promises a post or the broker that something is
/// stored waits for a flush that began after the commit (<see cref="GroupCommit"/>).
/// </summary>
public interface IStoreDurability
{
    /// <summary>Until disposed, commits made in this async flow return before they are on disk.</summary>
    IDisposable DeferFlush();

    /// <summary>Puts every commit made before this call on disk; returns at once when none was deferred.</summary>
    /// <exception cref="System.Data.Common.DbException">The flush failed (for example the disk is full).</exception>
    Task FlushAsync(CancellationToken cancellationToken);
}

/// <summary>For stores whose every commit is already durable when it returns (the PostgreSQL store as configured here).</summary>
public sealed class ImmediateDurability : IStoreDurability
{
    public IDisposable DeferFlush() => NoScope.Instance;

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
