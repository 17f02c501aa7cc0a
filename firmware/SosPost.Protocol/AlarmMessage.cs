using System;

namespace SosPost.Protocol;

/// <summary>A citizen pressed the panic button (post to gateway, sos/v1/{id}/alarm).</summary>
public sealed class AlarmMessage
{
    /// <summary>The only kind in protocol version 1.</summary>
    public const string PanicKind = "panic";

    /// <summary>Per-post counter kept in flash: 1 to 4294967295.</summary>
    public long AlarmId { get; set; }

    public string Kind { get; set; } = PanicKind;

    /// <summary>A technician's test alarm: carried end to end, never dispatched as real.</summary>
    public bool Test { get; set; }

    /// <summary>Button presses counted for this alarm: 1 to 65535.</summary>
    public int Presses { get; set; } = 1;

    /// <summary>The post's uptime at the first press.</summary>
    public long UptimeMs { get; set; }

    /// <summary>UTC of the first press; <see cref="DateTime.MinValue"/> when the clock was not synced (null on the wire).</summary>
    public DateTime PressedAt { get; set; } = DateTime.MinValue;

    /// <summary>The camera was triggered; the gateway should fetch the still.</summary>
    public bool Snapshot { get; set; }
}
