using SosPost.Firmware.Core;
using SosPost.Protocol;

namespace SosPost.Simulator.Adapters;

/// <summary>
/// The watchdog and restart of a virtual post. Every simulator start is a power-on; feeds are counted (a
/// stalled tick loop shows as a count that stops); a restart is logged and ignored, because the simulator
/// process is the post's power and a host has no reset line.
/// </summary>
internal sealed class VirtualSystem(ILog log) : ISystemControl
{
    private long _feeds;

    public string ResetReason => Protocol.ResetReason.PowerOn;

    /// <summary>Watchdog feeds since start.</summary>
    public long WatchdogFeeds => Interlocked.Read(ref _feeds);

    public void FeedWatchdog() => Interlocked.Increment(ref _feeds);

    public void Restart(string reason, string detail) =>
        log.Warn("restart requested (" + reason + ": " + detail + "); a virtual post keeps running");
}

/// <summary>
/// Heartbeat health of a virtual post. Its link is the host's TCP connection, with no radio: "ethernet",
/// whose signal is "not known" by definition, is the closest honest link type.
/// </summary>
internal sealed class VirtualHealth : IPostHealth
{
    public string LinkType => Protocol.LinkType.Ethernet;

    public int RssiDbm => HeartbeatMessage.NoRssi;

    public long FreeMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(forceFullCollection: false);
}
