using System.Security.Cryptography;
using SosPost.Protocol.Security;

namespace SosPost.Testing;

/// <summary>
/// Message authentication for tests: one random master secret per test run (the gateway's
/// Gateway:Security:MasterKey), the post keys derived from it, and signing as a post signs.
/// </summary>
public static class TestKeys
{
    private static long _lastCounter = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    public static byte[] Master { get; } = RandomNumberGenerator.GetBytes(MessageAuth.KeySize);

    /// <summary>The master as the gateway's configuration holds it (64 hex characters).</summary>
    public static string MasterHex { get; } = MessageAuth.FormatKey(Master);

    public static byte[] PostKey(string postId) => MessageAuth.DerivePostKey(Master, postId);

    public static string PostKeyHex(string postId) => MessageAuth.FormatKey(PostKey(postId));

    /// <summary>
    /// A counter above every one handed out before in this process, and above every earlier run's (it starts at the
    /// current time in microseconds), so a reused gateway database never sees it as a replay.
    /// </summary>
    public static long NextCounter() => Interlocked.Increment(ref _lastCounter);

    /// <summary><paramref name="payload"/> signed for <paramref name="topic"/> with the key of <paramref name="postId"/> and a fresh counter.</summary>
    public static byte[] Sign(string postId, string topic, byte[] payload) =>
        new MessageAuth(PostKey(postId)).Sign(topic, payload, NextCounter());

    /// <summary>A simulator credentials file's content: each post's password with its key.</summary>
    public static Dictionary<string, object> Credentials(IReadOnlyDictionary<string, string> passwords) =>
        passwords.ToDictionary(p => p.Key, p => (object)new { password = p.Value, key = PostKeyHex(p.Key) }, StringComparer.Ordinal);
}
