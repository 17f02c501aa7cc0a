namespace SosPost.Gateway.Events;

/// <summary>
/// Durable trouble events of posts (docs/protocol.md, trouble event). One contract so a shared
/// PostgreSQL store can sit beside the embedded SQLite one.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Records the event once per (post id, event id, uptime): a re-send changes nothing. True when it
    /// is new. Either way it is durable when this returns, so the post may be told to drop it.
    /// </summary>
    Task<bool> RecordAsync(PostEvent postEvent, CancellationToken cancellationToken);

    /// <summary>A post's events, newest (highest event id) first.</summary>
    Task<IReadOnlyList<PostEvent>> ListAsync(string postId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The open troubles of every post: for each post and type, its latest event (by event id) when that
    /// one is active. Ordered by post id, then event id.
    /// </summary>
    Task<IReadOnlyList<PostEvent>> OpenTroublesAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A trouble raised (<c>Active</c> true) or restored at a post. <c>At</c> is the post's UTC time of the
/// change, null when its clock was not synced; <c>ReceivedAt</c> is when the gateway first stored it.
/// </summary>
public sealed record PostEvent(
    string PostId,
    long EventId,
    string Type,
    bool Active,
    long UptimeMs,
    DateTimeOffset? At,
    DateTimeOffset ReceivedAt);
