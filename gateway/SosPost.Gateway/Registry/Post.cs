namespace SosPost.Gateway.Registry;

/// <summary>
/// An SOS post as the registry knows it: where it stands and which station answers it. <see cref="Group"/>
/// picks the dispatch targets that serve it (posts file field <c>group</c>, <see cref="DefaultGroup"/> when
/// absent); <see cref="Camera"/> is the still-image URL of the CCTV camera that watches it (field
/// <c>camera</c>, optional). Camera credentials are never here: they are secrets, in configuration.
/// </summary>
public sealed record Post(
    string Id,
    string Name,
    double Latitude,
    double Longitude,
    string Address,
    string Station,
    string Group = Post.DefaultGroup,
    Uri? Camera = null)
{
    /// <summary>The group of a post whose entry names none.</summary>
    public const string DefaultGroup = "default";
}

/// <summary>
/// What the post last told us about itself (heartbeat, status); null fields are unknown.
/// <see cref="UptimeMs"/> is its uptime as last reported and <see cref="UptimeAt"/> our time when it was
/// reported: together they date presses from a post whose clock was not synced. <see cref="ConfigHash"/>
/// identifies the configuration it runs (status and heartbeat); <see cref="Health"/> is what its latest
/// heartbeat said, null when this report carries none.
/// </summary>
public sealed record PostPresence(
    string PostId,
    bool Online,
    string? Firmware,
    DateTimeOffset? LastSeen,
    long? UptimeMs,
    DateTimeOffset? UptimeAt,
    string? ConfigHash = null,
    PostHealth? Health = null);

/// <summary>
/// A post's health as its latest heartbeat reported it (docs/protocol.md, heartbeat). <c>RssiDbm</c> is
/// null on ethernet or when the post does not know; <c>Outbox</c> counts the alarms and trouble events
/// waiting in its outbox; <c>ReportedAt</c> is our time when the heartbeat arrived; <c>Refused</c> counts the gateway
/// messages the post refused since it started (forged or replayed; null from a post that does not report it).
/// </summary>
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
    DateTimeOffset ReportedAt,
    long? Refused = null);
