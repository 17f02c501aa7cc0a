using SosPost.Firmware.Core;
using SosPost.Protocol;
using SosPost.Simulator.Adapters;

namespace SosPost.Simulator.Hosting;

/// <summary>
/// One simulated post: the firmware's <see cref="PostCore"/> over virtual pins (button, beacon, camera, lamp
/// sense, cabinet switch, mains-good line, battery), a host clock, its flash store and an MQTT link.
/// <see cref="Tick"/> runs on the host's tick thread only; the other members are safe from any thread.
/// </summary>
internal sealed class VirtualPost : IAsyncDisposable
{
    /// <summary>A healthy 12 V lead-acid battery on float charge.</summary>
    public const int DefaultBatteryMv = 13200;

    private static readonly IReadOnlyList<string> NoLines = [];

    // In the order the status lists them.
    private static readonly string[] TroubleTypes = [TroubleType.Tamper, TroubleType.Mains, TroubleType.BatteryLow, TroubleType.Lamp, TroubleType.StuckButton];

    private readonly PostCore _core;
    private readonly VirtualButton _button = new();
    private readonly VirtualLampSense _lamp;
    private readonly VirtualContact _cabinet = new(active: false);
    private readonly VirtualContact _mains = new(active: true);
    private readonly VirtualAnalogInput _battery = new(DefaultBatteryMv);
    private readonly VirtualSystem _system;
    private readonly MqttClientLink _link;
    private readonly Lock _waitersLock = new();
    private List<TaskCompletionSource> _tickWaiters = [];
    private volatile PostStatus _status;
    private int _troubles;

    public VirtualPost(PostConfig config, IKeyValueStore store, MqttClientLink link, ILog log, TimeProvider time)
    {
        Id = config.PostId;
        _link = link;
        _lamp = new VirtualLampSense(Beacon);
        _system = new VirtualSystem(log);
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
            LampSense = _lamp,
            Tamper = _cabinet,
            MainsSense = _mains,
            Battery = _battery,
            System = _system,
            Health = new VirtualHealth(),
        });
        _troubles = TroubleMask();
        _status = NewStatus();
        CurrentAlarmId = _core.CurrentAlarmId;
    }

    public string Id { get; }

    public VirtualOutput Beacon { get; } = new();

    public VirtualOutput Camera { get; } = new();

    /// <summary>As of the last tick.</summary>
    public PostStatus Status => _status;

    /// <summary>The active alarm as of the last tick; 0 when none.</summary>
    public long CurrentAlarmId { get; private set; }

    public long WatchdogFeeds => _system.WatchdogFeeds;

    /// <summary>Presses the button; completes once a tick has handled the press.</summary>
    public Task PressAsync() => ChangeAsync(_button.Press);

    /// <summary>Holds the button down for <paramref name="duration"/> (long press, stuck button); completes once a tick has seen it down.</summary>
    public Task HoldAsync(TimeSpan duration) => ChangeAsync(() => _button.Hold(duration));

    /// <summary>Lets go of a held button.</summary>
    public Task ReleaseAsync() => ChangeAsync(_button.Release);

    /// <summary>Opens or closes the cabinet door (the tamper switch).</summary>
    public Task SetCabinetOpenAsync(bool open) => ChangeAsync(() => _cabinet.IsActive = open);

    public Task SetMainsPresentAsync(bool present) => ChangeAsync(() => _mains.IsActive = present);

    public Task SetBatteryAsync(int millivolts) => ChangeAsync(() => _battery.Millivolts = millivolts);

    /// <summary>Fails the beacon lamp (it stays dark while driven) or replaces it.</summary>
    public Task SetLampFailedAsync(bool failed) => ChangeAsync(() => _lamp.Failed = failed);

    /// <summary>
    /// Runs the core once; the lines to print for what changed: "MHC-001 beacon Sending alarm 3",
    /// "MHC-001 trouble tamper raised".
    /// </summary>
    public IReadOnlyList<string> Tick()
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

        // Changes registered before this point are seen by the core in this tick.
        _core.Tick();
        var before = _status;
        var beforeTroubles = _troubles;
        _troubles = TroubleMask();
        var beacon = BeaconPattern.NameOf(_core.Beacon);
        if (before.Beacon != beacon || before.Connected != _core.IsConnected || before.PendingAlarms != _core.PendingAlarms
            || before.LastAlarmId != _core.LastAlarmId || beforeTroubles != _troubles || before.PendingEvents != _core.PendingEvents
            || before.SelfTest?.Id != _core.LastSelfTest?.Id)
        {
            _status = NewStatus();
        }

        CurrentAlarmId = _core.CurrentAlarmId;
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }

        if (before.Beacon == beacon && beforeTroubles == _troubles)
        {
            return NoLines;
        }

        var lines = new List<string>();
        if (before.Beacon != beacon)
        {
            lines.Add(SimulatorHost.BeaconLine(this));
        }

        for (var i = 0; i < TroubleTypes.Length; i++)
        {
            var bit = 1 << i;
            if ((beforeTroubles & bit) != (_troubles & bit))
            {
                lines.Add(Id + " trouble " + TroubleTypes[i] + ((_troubles & bit) != 0 ? " raised" : " restored"));
            }
        }

        return lines;
    }

    public ValueTask DisposeAsync() => _link.DisposeAsync();

    private Task ChangeAsync(Action change)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            change();
            _tickWaiters.Add(handled);
        }

        return handled.Task;
    }

    // Bit i is TroubleTypes[i].
    private int TroubleMask() =>
        (_core.TamperOpen ? 1 : 0)
        | (_core.MainsPresent ? 0 : 2)
        | (_core.BatteryLow ? 4 : 0)
        | (_core.LampFailed ? 8 : 0)
        | (_core.ButtonStuck ? 16 : 0);

    private PostStatus NewStatus()
    {
        var troubles = new List<string>();
        for (var i = 0; i < TroubleTypes.Length; i++)
        {
            if ((_troubles & (1 << i)) != 0)
            {
                troubles.Add(TroubleTypes[i]);
            }
        }

        var test = _core.LastSelfTest;
        return new PostStatus(
            Id,
            BeaconPattern.NameOf(_core.Beacon),
            _core.IsConnected,
            _core.PendingAlarms,
            _core.LastAlarmId,
            troubles,
            _core.PendingEvents,
            test is null ? null : new SelfTestResult(test.Id, test.Trigger, test.Ok, test.Lamp, test.Camera, test.Storage, test.Link));
    }
}
