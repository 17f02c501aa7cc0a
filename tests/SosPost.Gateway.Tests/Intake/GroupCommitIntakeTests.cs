using SosPost.Gateway.Alarms;
using SosPost.Gateway.Storage;
using SosPost.Protocol;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

/// <summary>
/// Group commit keeps intake's promise: the alarm is stored at once, but the post hears "received" (and may drop
/// the alarm from its flash) only after the flush that puts it on disk.
/// </summary>
public sealed class GroupCommitIntakeTests : IntakeFixture
{
    private readonly HeldFlushes _flushes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_post_is_told_received_only_after_the_flush_that_puts_its_alarm_on_disk()
    {
        _flushes.Hold();

        await Post.PublishAsync(Topics.Alarm(PostId), PayloadCodec.Encode(new AlarmMessage { AlarmId = 42, UptimeMs = 1000, PressedAt = TestAlarms.PressedAt.UtcDateTime }));

        // Stored and forwarded (the relay does not wait for the disk: a re-sent alarm keeps its idempotency key) ...
        await Eventually.WaitUntilAsync(() => Webhook.Requests.Count == 1, Deadline, "the webhook receives the alarm", Ct);
        var stored = await App.Services.GetRequiredService<IAlarmStore>().ListAsync(10, Ct);
        Assert.Contains(stored, a => a.Alarm is { PostId: PostId, AlarmId: 42 });
        await Eventually.WaitUntilAsync(() => _flushes.Waiting > 0, Deadline, "a flush is waiting", Ct);

        // ... but the post has not been answered while the flush is held.
        Assert.Empty(Post.States);

        _flushes.Release();
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the post is told received once the flush is done", Ct);
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IStoreDurability>(sp => _flushes.Over(sp.GetRequiredService<SqliteDatabase>()));

    /// <summary>The real SQLite durability, whose flushes wait while the test holds them.</summary>
    private sealed class HeldFlushes : IStoreDurability
    {
        private TaskCompletionSource _open = Opened();
        private IStoreDurability? _inner;
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

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
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
