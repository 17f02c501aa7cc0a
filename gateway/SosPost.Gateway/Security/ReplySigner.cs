using SosPost.Protocol.Security;

namespace SosPost.Gateway.Security;

/// <summary>
/// Signs what a gateway sends a post (alarm states, event acknowledgements, commands) as posts sign theirs: the post's
/// key, and a counter from the post's reply sequence in the shared store, so a post can refuse a forged or replayed
/// one (docs/protocol.md, "Messages to the post").
/// </summary>
public sealed class ReplySigner(PostKeys keys, IPostCounterStore counters, TimeProvider time)
{
    /// <summary>The payload as sent; unsigned only when no master key is configured (migration, RequireMessageAuth off).</summary>
    public async Task<byte[]> SignAsync(string postId, string topic, byte[] payload, CancellationToken cancellationToken)
    {
        if (keys.For(postId) is not { } key)
        {
            return payload;
        }

        var counter = await counters.NextReplyCounterAsync(postId, time.GetUtcNow(), cancellationToken);

        // MessageAuth keeps per-message state; one per call keeps concurrent callers safe.
        return new MessageAuth(key).Sign(topic, payload, counter);
    }
}
