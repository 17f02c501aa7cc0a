namespace SosPost.Gateway.Security;

/// <summary>
/// The message counters each post has used, durable so a restarted gateway still rejects a replay. Every method is
/// atomic against other gateways sharing the store.
/// </summary>
public interface IPostCounterStore
{
    /// <summary>True, and remembered, when <paramref name="counter"/> was not taken before for the post (<see cref="ReplayWindow"/>).</summary>
    Task<bool> TryTakeAsync(string postId, long counter, CancellationToken cancellationToken);

    /// <summary>
    /// The last-will rule (docs/protocol.md, "The last will"): an offline status is taken when its counter is above the
    /// last will taken for the post. A post signs a fresh will for every connection, so each will is taken once.
    /// </summary>
    Task<bool> TryTakeWillAsync(string postId, long counter, CancellationToken cancellationToken);

    /// <summary>
    /// The counter of the next message a gateway sends the post: one sequence per post, shared by every gateway on the
    /// store, so no two messages ever carry the same one (docs/protocol.md, "Messages to the post").
    /// </summary>
    Task<long> NextReplyCounterAsync(string postId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A post's row: the window, and the last will taken with the highest counter at that moment.</summary>
public sealed record PostCounters(long Highest, long Seen, long WillCounter, long WillHighest)
{
    public static readonly PostCounters None = new(0, 0, 0, -1);

    public ReplayWindow Window => new(Highest, Seen);

    /// <summary>The row after taking the will counter, or null when the rule refuses it (a will taken before, or an older one).</summary>
    public PostCounters? TakeWill(long counter) =>
        counter > WillCounter ? this with { WillCounter = counter, WillHighest = Highest } : null;
}
