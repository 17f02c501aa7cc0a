#nullable enable
using System;
using SosPost.Firmware.NanoTests.Support;

namespace SosPost.Bench.PostProbe;

/// <summary>
/// Times the post's <c>Tick()</c> on whatever runs this file: nanoCLR (HeapProbe.cs) or .NET (the
/// bench). One source for both, so the ratio of the two times is what the interpreter costs.
/// </summary>
public static class TickTimer
{
    /// <summary>Past the first heartbeat (60 s): the ticks up to 120 s are idle ones.</summary>
    public const int WarmUpMs = 65000;

    /// <summary>Idle ticks that fit before the second heartbeat.</summary>
    public const int MaxIdleTicks = 5000;

    /// <summary>A post online and idle, its first heartbeat sent.</summary>
    public static PostBench IdlePost()
    {
        var bench = new PostBench().Online();
        bench.Run(WarmUpMs);
        return bench;
    }

    /// <summary>An idle post just pressed: the alarm waits for the gateway, re-sent every 5 s, the lamp blinking Sending.</summary>
    public static PostBench AlarmPost()
    {
        var bench = IdlePost();
        bench.Press();
        return bench;
    }

    /// <summary>Wall time of <paramref name="ticks"/> ticks 10 ms apart, in 100 ns units (no Stopwatch on nanoFramework).</summary>
    public static long Time(PostBench bench, int ticks)
    {
        var start = DateTime.UtcNow.Ticks;
        bench.Run((long)ticks * PostBench.TickMs);
        return DateTime.UtcNow.Ticks - start;
    }
}
