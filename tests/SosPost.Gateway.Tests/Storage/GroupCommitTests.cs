using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SosPost.Gateway.Storage;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Storage;

/// <summary>
/// The promise group commit keeps: whoever waits is told "durable" only by a flush that began after they asked,
/// many waiters share one flush, and a failing flush is retried rather than reported as done.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_waiter_arriving_during_a_flush_is_served_by_the_next_flush_not_that_one()
    {
        var store = new GatedDurability();
        using var commit = new GroupCommit(store, new ManualTimeProvider(), NullLogger<GroupCommit>.Instance);

        var first = commit.WhenDurable();
        await store.WaitForFlushesStartedAsync(1);
        var second = commit.WhenDurable(); // its commit may be newer than what the running flush covers

        store.FinishOne();
        await first.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        await store.WaitForFlushesStartedAsync(2);
        store.FinishOne();
        await second.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(2, store.FlushesStarted);
    }

    [Fact]
    public async Task Many_waiters_during_one_flush_share_the_next_single_flush()
    {
        var store = new GatedDurability();
        using var commit = new GroupCommit(store, new ManualTimeProvider(), NullLogger<GroupCommit>.Instance);
        var first = commit.WhenDurable();
        await store.WaitForFlushesStartedAsync(1);

        var waiters = Enumerable.Range(0, 50).Select(_ => commit.WhenDurable()).ToList();
        store.FinishOne();
        await store.WaitForFlushesStartedAsync(2);
        store.FinishOne();

        await Task.WhenAll(waiters).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        await first;
        Assert.Equal(2, store.FlushesStarted);
        Assert.Equal(2, commit.Flushes);
    }

    [Fact]
    public async Task A_failing_flush_is_retried_after_its_backoff_and_nobody_is_told_durable_before_one_succeeds()
    {
        var clock = new ManualTimeProvider();
        var store = new GatedDurability();
        using var commit = new GroupCommit(store, clock, NullLogger<GroupCommit>.Instance);
        var waiter = commit.WhenDurable();

        await store.WaitForFlushesStartedAsync(1);
        store.FailOne(new SqliteException("database or disk is full", 13));
        await store.WaitForFlushesFinishedAsync(1);

        // Not retried before the backoff (100 ms) has passed on the gateway's clock.
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(1, store.FlushesStarted);
        Assert.False(waiter.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await store.WaitForFlushesStartedAsync(2);
        Assert.False(waiter.IsCompleted);
        store.FinishOne();

        await waiter.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(1, commit.Flushes);
    }

    [Fact]
    public async Task Stopping_cancels_waiters_instead_of_telling_them_durable()
    {
        var store = new GatedDurability();
        var commit = new GroupCommit(store, new ManualTimeProvider(), NullLogger<GroupCommit>.Instance);
        var waiter = commit.WhenDurable();
        await store.WaitForFlushesStartedAsync(1);

        commit.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(Deadline, TestContext.Current.CancellationToken));
    }

    /// <summary>A store whose flushes start when asked and end when the test says so.</summary>
    private sealed class GatedDurability : IStoreDurability
    {
        private readonly Lock _gate = new();
        private readonly Queue<TaskCompletionSource> _running = new();
        private int _started;
        private int _finished;

        public int FlushesStarted => Volatile.Read(ref _started);

        public IDisposable DeferFlush() => throw new NotSupportedException("GroupCommit only flushes");

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            var flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _running.Enqueue(flush);
            }

            Interlocked.Increment(ref _started);
            try
            {
                await flush.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref _finished);
            }
        }

        public void FinishOne() => Next().SetResult();

        public void FailOne(Exception error) => Next().SetException(error);

        public Task WaitForFlushesStartedAsync(int count) =>
            Eventually.WaitUntilAsync(() => FlushesStarted >= count, Deadline, $"{count} flushes have started");

        public Task WaitForFlushesFinishedAsync(int count) =>
            Eventually.WaitUntilAsync(() => Volatile.Read(ref _finished) >= count, Deadline, $"{count} flushes have finished");

        private TaskCompletionSource Next()
        {
            lock (_gate)
            {
                return _running.Dequeue();
            }
        }
    }
}
