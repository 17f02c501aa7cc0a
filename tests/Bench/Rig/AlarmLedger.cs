using System.Collections.Concurrent;
using System.Diagnostics;

namespace SosPost.Bench.Rig;

/// <summary>
/// Every alarm of one run by sequence number: when it was due to be pressed (the open-loop schedule, so a late
/// sender cannot hide its own delay), when the post heard "received", and when the webhook got it.
/// </summary>
internal sealed class AlarmLedger
{
    private readonly long[] _pressed;
    private readonly long[] _acknowledged;
    private readonly TaskCompletionSource[] _done;
    private readonly ConcurrentDictionary<(string PostId, long AlarmId), int> _index = new();
    private int _acknowledgedCount;

    public AlarmLedger(int count)
    {
        _pressed = new long[count];
        _acknowledged = new long[count];
        _done = new TaskCompletionSource[count];
        for (var i = 0; i < count; i++)
        {
            _done[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public int Count => _pressed.Length;

    public int AcknowledgedCount => Volatile.Read(ref _acknowledgedCount);

    public void Pressed(int sequence, string postId, long alarmId, long scheduledTimestamp)
    {
        _pressed[sequence] = scheduledTimestamp;
        _index[(postId, alarmId)] = sequence;
    }

    public long PressedAt(int sequence) => _pressed[sequence];

    public void Acknowledged(string postId, long alarmId)
    {
        var now = Stopwatch.GetTimestamp();
        if (_index.TryGetValue((postId, alarmId), out var sequence) && Interlocked.CompareExchange(ref _acknowledged[sequence], now, 0) == 0)
        {
            Interlocked.Increment(ref _acknowledgedCount);
            _done[sequence].TrySetResult();
        }
    }

    public bool IsAcknowledged(int sequence) => Volatile.Read(ref _acknowledged[sequence]) != 0;

    public long AcknowledgedAt(int sequence) => _acknowledged[sequence];

    /// <summary>Completes when the post heard "received" for this alarm.</summary>
    public Task Done(int sequence) => _done[sequence].Task;

    /// <summary>(post, alarm) of every sequence, built once at the end.</summary>
    public (string PostId, long AlarmId)[] Keys()
    {
        var keys = new (string, long)[_pressed.Length];
        foreach (var (key, sequence) in _index)
        {
            keys[sequence] = key;
        }

        return keys;
    }
}
