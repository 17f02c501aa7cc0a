namespace SosPost.Mqtt;

/// <summary>
/// Counts unacknowledged QoS 1 publishes and makes the next one wait, first come first served, while the window is full.
/// The limit can change between connections (the server's Receive Maximum).
/// </summary>
internal sealed class InFlightWindow(int limit)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _limit = limit;
    private int _taken;

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _taken;
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    public async Task AcquireAsync(CancellationToken ct)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_taken < _limit && _waiters.Count == 0)
            {
                _taken++;
                return;
            }

            ct.ThrowIfCancellationRequested();
            node = _waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using var registration = ct.Register(() =>
        {
            lock (_lock)
            {
                // Only a waiter still in the queue can be cancelled; a granted slot belongs to the caller.
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    node.Value.TrySetCanceled(ct);
                }
            }
        });
        await node.Value.Task;
    }

    public void Release()
    {
        lock (_lock)
        {
            if (_taken == 0)
            {
                throw new InvalidOperationException("InFlightWindow released more often than acquired.");
            }

            _taken--;
            GrantWaiters();
        }
    }

    public void SetLimit(int limit)
    {
        lock (_lock)
        {
            _limit = limit;
            GrantWaiters();
        }
    }

    private void GrantWaiters()
    {
        while (_taken < _limit && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _taken++;
            first.Value.TrySetResult();
        }
    }
}
