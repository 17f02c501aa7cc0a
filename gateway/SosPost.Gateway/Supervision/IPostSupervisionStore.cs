namespace SosPost.Gateway.Supervision;

/// <summary>
/// Why posts are offline, and the maintenance alert of each offline spell, changed together in one
/// transaction so the posts view, the gauge and the alerts never disagree.
/// </summary>
public interface IPostSupervisionStore
{
    /// <summary>
    /// A fresh message from the post arrived at <paramref name="at"/>: it is online, last seen then, and an open
    /// offline alert is cleared. Returns the offline spell it ended, null when it was not offline with a reason.
    /// </summary>
    Task<OfflineSpell?> MarkHeardAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// The post is offline for <paramref name="reason"/> (its last will); keeps an earlier reason, raises the
    /// offline alert unless one is open. True when an alert was raised now.
    /// </summary>
    Task<bool> MarkOfflineAsync(string postId, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Every post still online but not heard since <paramref name="heardBefore"/> becomes offline for missed
    /// heartbeats, with an offline alert. Returns those posts (each once, even with several gateways sharing the store).
    /// </summary>
    Task<IReadOnlyList<SilentPost>> MarkSilentAsync(DateTimeOffset heardBefore, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Posts offline now with a known reason.</summary>
    Task<IReadOnlyList<OfflineSpell>> OfflineAsync(CancellationToken cancellationToken);
}

/// <summary>Why a post is offline (<see cref="OfflineReason"/>) and since when.</summary>
public sealed record OfflineSpell(string PostId, string Reason, DateTimeOffset Since);

/// <summary>A post marked offline for missed heartbeats; <c>LastSeen</c> is null when no fresh message was ever heard.</summary>
public sealed record SilentPost(string PostId, DateTimeOffset? LastSeen, bool AlertRaised);

public static class OfflineReason
{
    /// <summary>The broker published the post's last will: its connection ended without a clean disconnect.</summary>
    public const string LastWill = "last-will";

    /// <summary>Nothing heard from the post for <see cref="SupervisionOptions.OfflineAfter"/>.</summary>
    public const string MissedHeartbeats = "missed-heartbeats";
}
