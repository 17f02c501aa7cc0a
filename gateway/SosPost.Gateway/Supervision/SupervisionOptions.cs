namespace SosPost.Gateway.Supervision;

/// <summary><c>Gateway:Supervision</c>: when a post that has gone silent counts as offline.</summary>
public sealed class SupervisionOptions : IValidatedOptions
{
    /// <summary>The firmware's default heartbeat interval (PostConfig.HeartbeatIntervalMs, docs/post-behaviour.md).</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A post heard from nothing (heartbeat, status, alarm, event, self-test) for this long is offline. Default:
    /// three missed heartbeats plus 30 s of margin, so one lost heartbeat (QoS 0) never marks a post offline.
    /// </summary>
    public TimeSpan OfflineAfter { get; set; } = (3 * DefaultHeartbeatInterval) + TimeSpan.FromSeconds(30);

    /// <summary>How often the posts are checked; a silent post is marked offline at most this late.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<string> Validate()
    {
        if (OfflineAfter < TimeSpan.FromSeconds(1))
        {
            yield return "OfflineAfter must be at least 1 second.";
        }

        if (CheckInterval <= TimeSpan.Zero || CheckInterval > TimeSpan.FromMinutes(10))
        {
            yield return "CheckInterval must be positive and at most 10 minutes.";
        }
    }
}
