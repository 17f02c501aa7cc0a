using Microsoft.Extensions.Options;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Gateway.Security;

/// <summary>What intake does with a message after <see cref="MessageVerifier"/> looked at it.</summary>
public enum MessageCheck
{
    /// <summary>Signed by the post and new (or unsigned while authentication is not required): handle it.</summary>
    Accepted,

    /// <summary>Not signed with the post's key: forged, altered or unsigned. Reject as <c>bad-mac</c>.</summary>
    BadMac,

    /// <summary>Correctly signed, but its counter was taken before. Reject as <c>replay</c>.</summary>
    Replay,

    /// <summary>A retained status the gateway already took (delivered again on subscribe): nothing new, not an attack.</summary>
    AlreadyTaken,
}

/// <summary>
/// Checks a post message before anything else reads it (docs/security.md, "Message authentication"): the MAC
/// under the post's key (derived from the master secret), then the counter against the post's durable window.
/// A last will ("offline" status) is taken by its own rule, as it was signed when the post connected.
/// </summary>
public sealed class MessageVerifier(IOptions<SecurityOptions> options, PostKeys keys, IPostCounterStore counters)
{
    public async Task<MessageCheck> CheckAsync(string postId, string topic, TopicKind kind, byte[] payload, bool retained, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.RequireMessageAuth && !MessageAuth.IsSigned(payload))
        {
            return MessageCheck.Accepted;
        }

        if (keys.For(postId) is not { } key)
        {
            return MessageCheck.BadMac;
        }

        // MessageAuth keeps per-message state; one per call keeps concurrent intake safe.
        if (!new MessageAuth(key).Verify(topic, payload, out var counter))
        {
            return MessageCheck.BadMac;
        }

        var taken = kind == TopicKind.Status && IsOffline(payload)
            ? await counters.TryTakeWillAsync(postId, counter, cancellationToken)
            : await counters.TryTakeAsync(postId, counter, cancellationToken);
        if (taken)
        {
            return MessageCheck.Accepted;
        }

        return retained && kind == TopicKind.Status ? MessageCheck.AlreadyTaken : MessageCheck.Replay;
    }

    // The will rule applies to "offline" only: posts publish it only as their last will. The MAC is already checked.
    private static bool IsOffline(byte[] payload) =>
        PayloadCodec.TryDecodeStatus(payload, out var status, out _) && status is { Online: false };
}
