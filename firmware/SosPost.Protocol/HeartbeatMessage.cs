using System;

namespace SosPost.Protocol;

/// <summary>Sent by a connected post every heartbeat interval (sos/v1/{id}/heartbeat): its health.</summary>
public sealed class HeartbeatMessage
{
    /// <summary>The value of <see cref="RssiDbm"/> when there is no radio signal to report (null on the wire).</summary>
    public const int NoRssi = int.MinValue;

    /// <summary>The value of <see cref="Refused"/> when the heartbeat does not carry it (posts before signed replies).</summary>
    public const long NotReported = -1;

    public long UptimeMs { get; set; }

    public string Firmware { get; set; } = string.Empty;

    /// <summary>The configuration the post runs, as its hash (8 lowercase hex characters), as in the online status.</summary>
    public string ConfigHash { get; set; } = string.Empty;

    /// <summary>A <see cref="LinkType"/> value.</summary>
    public string Link { get; set; } = LinkType.Unknown;

    /// <summary>Received signal strength in dBm (-200 to 0); <see cref="NoRssi"/> on ethernet or when not known.</summary>
    public int RssiDbm { get; set; } = NoRssi;

    public bool MainsPresent { get; set; }

    /// <summary>Battery voltage in millivolts (0 to 65535).</summary>
    public int BatteryMv { get; set; }

    /// <summary>The cabinet is open.</summary>
    public bool Tamper { get; set; }

    /// <summary>A <see cref="LampHealth"/> value.</summary>
    public string Lamp { get; set; } = LampHealth.Unknown;

    /// <summary>Free heap memory in bytes (0 to 4294967295).</summary>
    public long FreeMemoryBytes { get; set; }

    /// <summary>A <see cref="ResetReason"/> value: why the post last started.</summary>
    public string LastReset { get; set; } = ResetReason.Unknown;

    /// <summary>Alarms and trouble events waiting in the post's outbox for the gateway's acknowledgement.</summary>
    public int Outbox { get; set; }

    /// <summary>
    /// Gateway messages the post refused since it started: not signed with its key, or replayed (0 to 4294967295);
    /// <see cref="NotReported"/> from a post that does not report it (absent on the wire).
    /// </summary>
    public long Refused { get; set; } = NotReported;

    /// <summary>The post's UTC clock; <see cref="DateTime.MinValue"/> when not synced (null on the wire).</summary>
    public DateTime At { get; set; } = DateTime.MinValue;
}
