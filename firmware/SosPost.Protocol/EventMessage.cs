using System;

namespace SosPost.Protocol;

/// <summary>
/// A trouble raised or restored at the post (post to gateway, sos/v1/{id}/event). The post keeps it in
/// its flash outbox and re-sends it until the gateway answers with an <see cref="EventAckMessage"/>.
/// </summary>
public sealed class EventMessage
{
    /// <summary>Per-post counter kept in flash, apart from the alarm counter: 1 to 4294967295.</summary>
    public long EventId { get; set; }

    /// <summary>A <see cref="TroubleType"/> value.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>True: the trouble is present. False: it is over (the restore).</summary>
    public bool Active { get; set; }

    /// <summary>The post's uptime when it saw the change.</summary>
    public long UptimeMs { get; set; }

    /// <summary>UTC of the change; <see cref="DateTime.MinValue"/> when the clock was not synced (null on the wire).</summary>
    public DateTime At { get; set; } = DateTime.MinValue;
}
