using System.Diagnostics;
using SosPost.Firmware.Core;

namespace SosPost.Simulator.Adapters;

/// <summary>Uptime of one virtual post: starts at 0 when the post "boots".</summary>
internal sealed class UptimeClock : IClock
{
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public long NowMs => _since.ElapsedMilliseconds;
}

/// <summary>The host's UTC clock, always "synced" (a host has NTP).</summary>
internal sealed class HostWallClock(TimeProvider time) : IWallClock
{
    public bool IsSynced => true;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
