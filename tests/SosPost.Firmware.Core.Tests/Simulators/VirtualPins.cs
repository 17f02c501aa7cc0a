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
