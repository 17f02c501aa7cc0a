#nullable enable
using System.Collections;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>A lamp or trigger line that records each change with the clock time it happened at.</summary>
public sealed class VirtualOutput : IDigitalOutput
{
    private readonly ManualClock _clock;

    public VirtualOutput(ManualClock clock)
    {
        _clock = clock;
        Changes = new ArrayList();
    }

    public bool IsOn { get; private set; }

    /// <summary>Every Set call, changed or not (each one is a GPIO write on the device).</summary>
    public int SetCalls { get; private set; }

    /// <summary><see cref="OutputChange"/>s in order; the first Set is always recorded.</summary>
    public ArrayList Changes { get; }

    public void Set(bool on)
    {
        SetCalls++;
        if (on != IsOn || Changes.Count == 0)
        {
            Changes.Add(new OutputChange(_clock.NowMs, on));
        }

        IsOn = on;
    }

    /// <summary>The changes at or after <paramref name="fromMs"/>.</summary>
    public OutputChange[] ChangesSince(long fromMs)
    {
        var found = new ArrayList();
        foreach (OutputChange change in Changes)
        {
            if (change.AtMs >= fromMs)
            {
                found.Add(change);
            }
        }

        return (OutputChange[])found.ToArray(typeof(OutputChange));
    }

    /// <summary>The level the line had at <paramref name="atMs"/> (after any change at that moment); off before the first.</summary>
    public bool LevelAt(long atMs)
    {
        var on = false;
        foreach (OutputChange change in Changes)
        {
            if (change.AtMs > atMs)
            {
                break;
            }

            on = change.On;
        }

        return on;
    }
}

public sealed class OutputChange
{
    public OutputChange(long atMs, bool on)
    {
        AtMs = atMs;
        On = on;
    }

    public long AtMs { get; }

    public bool On { get; }
}
