namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>A button whose edge is latched like a GPIO interrupt would latch it.</summary>
public sealed class VirtualButton : IDigitalInput
{
    private int _edges;

    public bool IsActive { get; private set; }

    /// <summary>A complete short press (down and up) between two ticks.</summary>
    public void Press()
    {
        _edges++;
        IsActive = false;
    }

    /// <summary>Pushed and kept down (edge latched, level active) until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _edges++;
        IsActive = true;
    }

    public void Release() => IsActive = false;

    /// <summary>The level alone changes (contact bounce, a glitch): no edge latched.</summary>
    public void SetLevel(bool active) => IsActive = active;

    public bool TakeEdge()
    {
        if (_edges == 0)
        {
            return false;
        }

        _edges--;
        return true;
    }
}

/// <summary>An output that records every change with the clock time it happened at.</summary>
public sealed class VirtualPin(FakeClock clock) : IDigitalOutput
{
    public bool IsOn { get; private set; }

    public List<(long AtMs, bool On)> Changes { get; } = [];

    public int SetCalls { get; private set; }

    public void Set(bool on)
    {
        SetCalls++;
        if (on != IsOn || Changes.Count == 0)
        {
            Changes.Add((clock.NowMs, on));
        }

        IsOn = on;
    }
}
