namespace SosPost.Protocol;

/// <summary>Retained online status (birth) or offline status (last will), sos/v1/{id}/status.</summary>
public sealed class StatusMessage
{
    public bool Online { get; set; }

    /// <summary>Firmware version; on the wire only when online (null is written as "").</summary>
    public string? Firmware { get; set; }

    /// <summary>
    /// The configuration the post runs, as its hash: 8 lowercase hex characters. On the wire only when
    /// online; the encoder writes what it is given, so a writer must check it with
    /// <see cref="PayloadCodec.IsConfigHash"/>.
    /// </summary>
    public string? ConfigHash { get; set; }

    /// <summary>Uptime when the connection came up; on the wire only when online.</summary>
    public long UptimeMs { get; set; }
}
