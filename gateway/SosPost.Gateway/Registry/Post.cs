namespace SosPost.Gateway.Registry;

/// <summary>An SOS post as the registry knows it: where it stands and which station answers it.</summary>
public sealed record Post(string Id, string Name, double Latitude, double Longitude, string Address, string Station);

/// <summary>
/// What the post last told us about itself (heartbeat, status); null fields are unknown.
/// <see cref="UptimeMs"/> is its uptime as last reported and <see cref="UptimeAt"/> our time when it was
/// reported: together they date presses from a post whose clock was not synced.
/// </summary>
public sealed record PostPresence(
    string PostId,
    bool Online,
    string? Firmware,
    DateTimeOffset? LastSeen,
    long? UptimeMs,
    DateTimeOffset? UptimeAt);
