using SosPost.Firmware.Core;

namespace SosPost.Simulator.Adapters;

/// <summary>
/// A panic button pressed or held from another thread (the control endpoint); edges are counted, never
/// lost. A hold keeps the level active until its deadline on the host's tick count, or a release.
/// </summary>
internal sealed class VirtualButton : IDigitalInput
{
    private int _edges;
    private long _heldUntilMs;

    public bool IsActive => Environment.TickCount64 < Volatile.Read(ref _heldUntilMs);

    public void Press() => Interlocked.Increment(ref _edges);

    /// <summary>Holds the button down for <paramref name="duration"/>, then lets it go.</summary>
    public void Hold(TimeSpan duration)
    {
        Volatile.Write(ref _heldUntilMs, Environment.TickCount64 + (long)duration.TotalMilliseconds);
        Interlocked.Increment(ref _edges);
    }

    public void Release() => Volatile.Write(ref _heldUntilMs, 0);

    public bool TakeEdge()
    {
        while (true)
        {
            var edges = Volatile.Read(ref _edges);
            if (edges == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _edges, edges - 1, edges) == edges)
            {
                return true;
            }
        }
    }
}

/// <summary>A contact (cabinet switch, mains-good line) set from another thread.</summary>
internal sealed class VirtualContact(bool active) : IDigitalInput
{
    private volatile bool _active = active;
    private volatile bool _edge;

    public bool IsActive
    {
        get => _active;
        set
        {
            _edge |= value && !_active;
            _active = value;
        }
    }

    public bool TakeEdge()
    {
        var edge = _edge;
        _edge = false;
        return edge;
    }
}

/// <summary>The beacon lamp's current sense: current flows while the beacon is lit, unless the lamp has failed.</summary>
internal sealed class VirtualLampSense(VirtualOutput beacon) : IDigitalInput
{
    private volatile bool _failed;
    private bool _wasActive;

    /// <summary>A blown bulb or cut cable: the beacon is driven but draws nothing.</summary>
    public bool Failed
    {
        get => _failed;
        set => _failed = value;
    }

    public bool IsActive => beacon.IsOn && !_failed;

    public bool TakeEdge()
    {
        var active = IsActive;
        var edge = active && !_wasActive;
        _wasActive = active;
        return edge;
    }
}

/// <summary>A supply voltage set from another thread, in millivolts.</summary>
internal sealed class VirtualAnalogInput(int millivolts) : IAnalogInput
{
    private volatile int _millivolts = millivolts;

    public int Millivolts
    {
        get => _millivolts;
        set => _millivolts = value;
    }

    public int ReadMillivolts() => _millivolts;
}

/// <summary>A lamp or trigger line whose level can be looked at.</summary>
internal sealed class VirtualOutput : IDigitalOutput
{
    private volatile bool _on;

    public bool IsOn => _on;

    public void Set(bool on) => _on = on;
}
