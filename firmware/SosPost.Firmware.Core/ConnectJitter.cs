using System.Text;

namespace SosPost.Firmware.Core;

/// <summary>
/// The delay of a post's first connection after boot. After a district-wide power cut every post boots in
/// the same second; without a spread they would all hit the broker (and the gateway's online handling) at
/// once. The delay is derived from the post id and config hash, so it is different per post, the same at
/// every boot of one post (predictable for a technician), and needs no random source.
/// </summary>
public static class ConnectJitter
{
    /// <summary>0 to <paramref name="maxMs"/> inclusive.</summary>
    public static long DelayMs(string postId, string configHash, long maxMs)
    {
        if (maxMs <= 0)
        {
            return 0;
        }

        var hash = ConfigHash.Fnv1a(Encoding.UTF8.GetBytes(postId + "/" + configHash));
        return (long)(hash % (ulong)(maxMs + 1));
    }
}
