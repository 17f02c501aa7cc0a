using SosPost.Firmware.Core;
using SosPost.Simulator.Adapters;

namespace SosPost.Simulator.Hosting;

/// <summary>
/// One simulated post: the firmware's <see cref="PostCore"/> over virtual pins, a host clock, its flash
/// store and an MQTT link. <see cref="Tick"/> runs on the host's tick thread only; the other members
/// are safe from any thread.
/// </summary>
internal sealed class VirtualPost : IAsyncDisposable
{
    private readonly PostCore _core;
    private readonly VirtualButton _button = new();
    private readonly MqttClientLink _link;
    private readonly Lock _waitersLock = new();
    private List<TaskCompletionSource> _tickWaiters = [];
    private volatile PostStatus _status;

    public VirtualPost(PostConfig config, IKeyValueStore store, MqttClientLink link, ILog log, TimeProvider time)
    {
        Id = config.PostId;
        _link = link;
        _core = new PostCore(config, new PostSeams
        {
            Clock = new UptimeClock(),
            WallClock = new HostWallClock(time),
            Button = _button,
            Beacon = Beacon,
            Camera = Camera,
            Link = link,
            Store = store,
            Log = log,
        });
        _status = new PostStatus(Id, BeaconPattern.NameOf(_core.Beacon), false, _core.PendingAlarms, _core.LastAlarmId);
        CurrentAlarmId = _core.CurrentAlarmId;
    }

    public string Id { get; }

    public VirtualOutput Beacon { get; } = new();

    public VirtualOutput Camera { get; } = new();

    /// <summary>As of the last tick.</summary>
    public PostStatus Status => _status;

    /// <summary>The active alarm as of the last tick; 0 when none.</summary>
    public long CurrentAlarmId { get; private set; }

    /// <summary>Presses the button; completes once a tick has handled the press.</summary>
    public Task PressAsync()
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            _button.Press();
            _tickWaiters.Add(handled);
        }

        return handled.Task;
    }

    /// <summary>Runs the core once; true when the beacon state changed.</summary>
    public bool Tick()
    {
        List<TaskCompletionSource> waiters;
        lock (_waitersLock)
        {
            waiters = _tickWaiters;
            if (waiters.Count > 0)
            {
                _tickWaiters = [];
            }
        }

        // Presses registered before this point are counted by the core in this tick.
        _core.Tick();
        var before = _status;
        var beacon = BeaconPattern.NameOf(_core.Beacon);
        if (before.Beacon != beacon || before.Connected != _core.IsConnected
            || before.PendingAlarms != _core.PendingAlarms || before.LastAlarmId != _core.LastAlarmId)
        {
            _status = new PostStatus(Id, beacon, _core.IsConnected, _core.PendingAlarms, _core.LastAlarmId);
        }

        CurrentAlarmId = _core.CurrentAlarmId;
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }

        return before.Beacon != beacon;
    }

    public ValueTask DisposeAsync() => _link.DisposeAsync();
}
