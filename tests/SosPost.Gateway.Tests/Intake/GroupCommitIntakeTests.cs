using SosPost.Gateway.Alarms;
using SosPost.Gateway.Storage;
using SosPost.Protocol;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

/// <summary>
/// Group commit keeps intake's promise: the alarm is stored at once, but the post hears "received" (and may drop
/// the alarm from its flash) only after the flush that puts it on disk; and a burst of alarms costs one flush, not
/// one per alarm.
/// </summary>
public sealed class GroupCommitIntakeTests : IntakeFixture
{
    // Long enough for a "received" that did not wait for the flush to reach the post; short enough to keep the test quick.
    private static readonly TimeSpan NoAnswerWindow = TimeSpan.FromMilliseconds(500);

    private readonly HeldFlushes _flushes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_post_is_told_received_only_after_the_flush_that_puts_its_alarm_on_disk()
    {
        var flushesWhenTold = -1L;
        Post.OnState = state =>
        {
            if (state is { AlarmId: 42, State: AlarmState.Received })
            {
                Interlocked.CompareExchange(ref flushesWhenTold, _flushes.Completed, -1);
            }
        };
        _flushes.Hold();

        await Post.PublishAsync(Topics.Alarm(PostId), PayloadCodec.Encode(new AlarmMessage { AlarmId = 42, UptimeMs = 1000, PressedAt = TestAlarms.PressedAt.UtcDateTime }));

        // Stored and forwarded (the relay does not wait for the disk: a re-sent alarm keeps its idempotency key) ...
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count == 1, Deadline, "the webhook receives the alarm", Ct);
        var stored = await App.Services.GetRequiredService<IAlarmStore>().ListAsync(10, Ct);
        Assert.Contains(stored, a => a.Alarm is { PostId: PostId, AlarmId: 42 });
        await Eventually.WaitUntilAsync(() => _flushes.Waiting > 0, Deadline, "a flush is waiting", Ct);

        // ... but the post is not answered while the flush is held (a bounded check: nothing in the window).
        await AssertStaysAsync(() => Post.States.Count == 0, NoAnswerWindow, "the post is answered while its alarm is not on disk");
        var flushesWhileHeld = _flushes.Completed;

        _flushes.Release();
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the post is told received once the flush is done", Ct);
        Assert.True(Interlocked.Read(ref flushesWhenTold) > flushesWhileHeld, "the post was told received before a flush had finished");
    }

    [Fact]
    public async Task A_burst_of_alarms_is_put_on_disk_by_one_flush_and_every_post_answer_waits_for_it()
    {
        const int Burst = 20;
        var flushesWhenTold = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
        Post.OnState = state =>
        {
            if (state.State == AlarmState.Received)
            {
                flushesWhenTold.TryAdd(state.AlarmId, _flushes.Completed);
            }
        };
        _flushes.Hold();

        for (var alarmId = 1; alarmId <= Burst; alarmId++)
        {
            await Post.PublishAsync(Topics.Alarm(PostId), Alarm(alarmId));
        }

        var alarms = App.Services.GetRequiredService<IAlarmStore>();
        await Eventually.WaitUntilAsync(
            async () => (await alarms.ListAsync(100, Ct)).Count(a => a.Alarm.PostId == PostId) == Burst, Deadline, $"all {Burst} alarms are stored", Ct);
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count >= Burst, Deadline, $"the webhook receives all {Burst} alarms", Ct);
        Assert.Empty(Post.States);
        var flushesWhileHeld = _flushes.Completed;

        _flushes.Release();
        await Eventually.WaitUntilAsync(() => flushesWhenTold.Count == Burst, Deadline, $"the post is told received for all {Burst} alarms", Ct);

        // The flush held when the burst began, then one for the whole burst (one more at most, for an answer queued
        // as the first finished); one flush per alarm would need twenty.
        Assert.All(flushesWhenTold.Values, flushes => Assert.InRange(flushes, flushesWhileHeld + 1, flushesWhileHeld + 3));
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IStoreDurability>(sp => _flushes.Over(sp.GetRequiredService<SqliteDatabase>()));

    /// <summary>A bounded check that something does not happen: <paramref name="condition"/> holds for all of <paramref name="window"/>.</summary>
    private static async Task AssertStaysAsync(Func<bool> condition, TimeSpan window, string failure)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            Assert.True(condition(), failure);
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }

        Assert.True(condition(), failure);
    }

    /// <summary>The real SQLite durability, whose flushes wait while the test holds them.</summary>
    private sealed class HeldFlushes : IStoreDurability
    {
        private TaskCompletionSource _open = Opened();
        private IStoreDurability? _inner;
        private int _waiting;
        private long _completed;

        public int Waiting => Volatile.Read(ref _waiting);

        /// <summary>Flushes that have put the store's commits on disk.</summary>
        public long Completed => Interlocked.Read(ref _completed);

        public HeldFlushes Over(IStoreDurability inner)
        {
            _inner = inner;
            return this;
        }

        public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _open.TrySetResult();

        public IDisposable DeferFlush() => _inner!.DeferFlush();

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _open.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            await _inner!.FlushAsync(cancellationToken);
            Interlocked.Increment(ref _completed);
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
