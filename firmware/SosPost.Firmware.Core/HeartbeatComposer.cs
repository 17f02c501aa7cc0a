using System;
using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// Fills every heartbeat field from what the post knows now. Heartbeats are never queued: one composed
/// while offline would be stale by the time it arrived, and the next one says the same thing fresher.
/// </summary>
public sealed class HeartbeatComposer
{
    private readonly PostConfig _config;
    private readonly IWallClock _wallClock;
    private readonly IPostHealth? _health;
    private readonly string _resetReason;

    // crashLoop: the crash-loop guard saw repeated unclean restarts; with no recorded reason, that is a crash.
    public HeartbeatComposer(PostConfig config, IWallClock wallClock, IPostHealth? health, ISystemControl? system, bool crashLoop)
    {
        _config = config;
        _wallClock = wallClock;
        _health = health;
        var recorded = system == null ? ResetReason.Unknown : system.ResetReason;
        _resetReason = crashLoop && recorded == ResetReason.Unknown ? ResetReason.Crash : recorded;
    }

    /// <summary>Why the post last started (<see cref="ResetReason"/>), as reported by the system seam.</summary>
    public string ResetReasonText => _resetReason;

    public HeartbeatMessage Compose(long now, SupplyMonitor supply, TamperMonitor tamper, LampMonitor lamp, int outboxDepth, long refused)
    {
        return new HeartbeatMessage
        {
            UptimeMs = now,
            Firmware = _config.FirmwareVersion,
            ConfigHash = _config.ConfigHash,
            Link = _health == null ? LinkType.Unknown : _health.LinkType,
            RssiDbm = _health == null ? HeartbeatMessage.NoRssi : _health.RssiDbm,
            MainsPresent = supply.MainsPresent,
            BatteryMv = supply.BatteryMv,
            Tamper = tamper.IsOpen,
            Lamp = lamp.Health,
            // The wire carries at most 4 GiB; a host with more (the simulator on a server) must not make every
            // heartbeat invalid: the gateway would refuse each one and never show the post's health.
            FreeMemoryBytes = _health == null ? 0 : (_health.FreeMemoryBytes > PayloadCodec.MaxFreeMemoryBytes ? PayloadCodec.MaxFreeMemoryBytes : _health.FreeMemoryBytes),
            LastReset = _resetReason,
            Outbox = outboxDepth,
            Refused = refused > PayloadCodec.MaxRefused ? PayloadCodec.MaxRefused : refused,
            At = _wallClock.IsSynced ? _wallClock.UtcNow : DateTime.MinValue,
        };
    }
}
