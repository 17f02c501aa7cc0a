using System;

namespace SosPost.Protocol;

/// <summary>Sent by a connected post every heartbeat interval (sos/v1/{id}/heartbeat).</summary>
public sealed class HeartbeatMessage
{
    public long UptimeMs { get; set; }

    public string Firmware { get; set; } = string.Empty;

    /// <summary>Alarms waiting for the gateway's "received".</summary>
    public int Outbox { get; set; }

    /// <summary>The post's UTC clock; <see cref="DateTime.MinValue"/> when not synced (null on the wire).</summary>
    public DateTime At { get; set; } = DateTime.MinValue;
}
