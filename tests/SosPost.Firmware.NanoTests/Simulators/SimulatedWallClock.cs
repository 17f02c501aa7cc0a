#nullable enable
using System;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>UTC that runs with a <see cref="ManualClock"/> from a fixed base once "synced" (SNTP answered).</summary>
public sealed class SimulatedWallClock : IWallClock
{
    private readonly ManualClock _clock;

    public SimulatedWallClock(ManualClock clock)
    {
        _clock = clock;
        BaseUtc = new DateTime(2026, 11, 22, 3, 0, 0);
        IsSynced = true;
    }

    /// <summary>UTC at uptime 0.</summary>
    public DateTime BaseUtc { get; set; }

    public bool IsSynced { get; set; }

    public DateTime UtcNow => BaseUtc.AddMilliseconds(_clock.NowMs);
}
