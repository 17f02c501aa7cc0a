namespace SosPost.Gateway.Storage;

/// <summary>
/// Gathers everyone waiting for their deferred commits to be on disk (<see cref="IStoreDurability.DeferFlush"/>)
/// into one flush. <see cref="WhenDurable"/> answers with the flush that begins after the call; while one flush
/// runs, the callers arriving meanwhile wait together for the next. A flush that fails (disk full) is tried again
/// until it works: nothing is promised to a post before its alarm is on disk.
/// </summary>
public sealed class GroupCommit(IStoreDurability durability, TimeProvider time, ILogger<GroupCommit> logger) : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource? _next;
    private bool _flushing;
    private long _flushes;

    /// <summary>Flushes done so far (one per group of waiters).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Completes once every commit made before this call is on disk; cancelled when the gateway stops first.</summary>
    public Task WhenDurable()
    {
        lock (_gate)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_flushing)
            {
                _flushing = true;

                // The caller's async state (a deferred-flush scope, say) stays with the caller.
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(FlushLoopAsync);
                }
            }

            return _next.Task;
        }
    }

    public void Dispose() => _stopping.Cancel();

    private async Task FlushLoopAsync()
    {
        var retry = FirstRetry;
        while (true)
        {
            TaskCompletionSource group;
            lock (_gate)
            {
                if (_next is null)
                {
                    _flushing = false;
                    return;
                }

                // Taken before the flush begins: every waiter in it committed before the flush.
                group = _next;
                _next = null;
            }

            while (true)
            {
                try
                {
                    await durability.FlushAsync(_stopping.Token);
                    Interlocked.Increment(ref _flushes);
                    group.SetResult();
                    retry = FirstRetry;
                    break;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    group.TrySetCanceled();
                    lock (_gate)
                    {
                        _next?.TrySetCanceled();
                        _next = null;
                        _flushing = false;
                    }

                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Could not put the store's last commits on disk; posts are answered once it works; trying again in {Delay}", retry);
                    try
                    {
                        await Task.Delay(retry, time, _stopping.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: the next attempt sees it.
                    }

                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
                }
            }
        }
    }
}
