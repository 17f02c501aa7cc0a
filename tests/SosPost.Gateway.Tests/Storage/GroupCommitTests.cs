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
        Assert.False(first.IsCompleted); // not before its own flush has finished

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
        var clock = new TimerCountingClock();
        var store = new GatedDurability();
        using var commit = new GroupCommit(store, clock, NullLogger<GroupCommit>.Instance);
        var waiter = commit.WhenDurable();

        await store.WaitForFlushesStartedAsync(1);
        store.FailOne(new SqliteException("database or disk is full", 13));
        await clock.WaitForTimersAsync(1); // the backoff is waiting on the gateway's clock

        // Not retried before the backoff (100 ms) has passed; the timer fires on this thread, so a retry would
        // have started by the time Advance returns.
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(1, store.FlushesStarted);
        Assert.False(waiter.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await store.WaitForFlushesStartedAsync(2);
        Assert.False(waiter.IsCompleted);

        // The disk is still full: the next try waits twice as long.
        store.FailOne(new SqliteException("database or disk is full", 13));
        await clock.WaitForTimersAsync(2);
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(2, store.FlushesStarted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await store.WaitForFlushesStartedAsync(3);
        Assert.False(waiter.IsCompleted);

        store.FinishOne();
        await waiter.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(1, commit.Flushes);
    }

    [Fact]
    public async Task A_waiter_arriving_while_a_failed_flush_backs_off_is_not_forgotten_once_the_disk_recovers()
    {
        var clock = new TimerCountingClock();
        var store = new GatedDurability();
        using var commit = new GroupCommit(store, clock, NullLogger<GroupCommit>.Instance);
        var early = commit.WhenDurable();
        await store.WaitForFlushesStartedAsync(1);
        store.FailOne(new SqliteException("disk I/O error", 10));
        await clock.WaitForTimersAsync(1);

        var late = commit.WhenDurable(); // asked while the failed flush waits to be tried again
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await store.WaitForFlushesStartedAsync(2);
        Assert.False(late.IsCompleted);
        store.FinishOne();
        await early.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        // The retry began after "late" asked, so it may serve late too; if not, the next flush must.
        if (!late.IsCompleted)
        {
            await store.WaitForFlushesStartedAsync(3);
            store.FinishOne();
        }

        await late.WaitAsync(Deadline, TestContext.Current.CancellationToken);
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

    [Fact]
    public async Task Stopping_while_a_failed_flush_backs_off_cancels_waiters_instead_of_telling_them_durable()
    {
        var clock = new TimerCountingClock();
        var store = new GatedDurability();
        var commit = new GroupCommit(store, clock, NullLogger<GroupCommit>.Instance);
        var waiter = commit.WhenDurable();
        await store.WaitForFlushesStartedAsync(1);
        store.FailOne(new SqliteException("database or disk is full", 13));
        await clock.WaitForTimersAsync(1);

        commit.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(Deadline, TestContext.Current.CancellationToken));
    }

    /// <summary>The manual clock, counting the timers made on it, so a test can wait until a backoff has begun.</summary>
    private sealed class TimerCountingClock : TimeProvider
    {
        private readonly ManualTimeProvider _clock = new();
        private int _timers;

        public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

        public override TimeZoneInfo LocalTimeZone => _clock.LocalTimeZone;

        public void Advance(TimeSpan by) => _clock.Advance(by);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _clock.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }

        public Task WaitForTimersAsync(int count) =>
            Eventually.WaitUntilAsync(() => Volatile.Read(ref _timers) >= count, Deadline, $"{count} backoff timers have started");
    }

    /// <summary>A store whose flushes start when asked and end when the test says so.</summary>
    private sealed class GatedDurability : IStoreDurability
    {
        private readonly Lock _gate = new();
        private readonly Queue<TaskCompletionSource> _running = new();
        private int _started;

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
            await flush.Task.WaitAsync(cancellationToken);
        }

        public void FinishOne() => Next().SetResult();

        public void FailOne(Exception error) => Next().SetException(error);

        public Task WaitForFlushesStartedAsync(int count) =>
            Eventually.WaitUntilAsync(() => FlushesStarted >= count, Deadline, $"{count} flushes have started");

        private TaskCompletionSource Next()
        {
            lock (_gate)
            {
                return _running.Dequeue();
            }
        }
    }
}
