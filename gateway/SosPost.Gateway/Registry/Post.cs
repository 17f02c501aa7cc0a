namespace SosPost.Gateway.Registry;

/// <summary>An SOS post as the registry knows it: where it stands and which station answers it.</summary>
public sealed record Post(string Id, string Name, double Latitude, double Longitude, string Address, string Station);

/// <summary>
/// What the post last told us about itself (heartbeat, status); null fields are unknown.
/// <see cref="UptimeMs"/> is its uptime as last reported and <see cref="UptimeAt"/> our time when it was
/// reported: together they date presses from a post whose clock was not synced.
/// </summary>
/// <param name="ConfigHash">The hash of the configuration the post runs (status and heartbeat).</param>
/// <param name="Health">What its latest heartbeat said; null when this report carries none.</param>
public sealed record PostPresence(
    string PostId,
    bool Online,
    string? Firmware,
    DateTimeOffset? LastSeen,
    long? UptimeMs,
    DateTimeOffset? UptimeAt,
    string? ConfigHash = null,
    PostHealth? Health = null);

/// <summary>A post's health as its latest heartbeat reported it (docs/protocol.md, heartbeat).</summary>
/// <param name="RssiDbm">Null on ethernet or when the post does not know.</param>
/// <param name="Outbox">Alarms and trouble events waiting in the post's outbox.</param>
/// <param name="ReportedAt">Our time when the heartbeat arrived.</param>
public sealed record PostHealth(
    string Link,
    int? RssiDbm,
    bool MainsPresent,
    int BatteryMv,
    bool Tamper,
    string Lamp,
    long FreeMemoryBytes,
    string ResetReason,
    int Outbox,
    DateTimeOffset ReportedAt);
