using System.Security.Cryptography;
using SosPost.Protocol.Security;

namespace SosPost.Bench.Rig;

/// <summary>
/// Signs a post's messages as the firmware does (docs/protocol.md, "Message authentication"): the post's key is
/// derived from the run's master secret, and every copy, re-sends included, gets the next counter.
/// </summary>
internal sealed class PostSigner
{
    /// <summary>The variable that hands the run's master key to fleet-agent processes.</summary>
    public const string MasterKeyVariable = "SOSPOST_BENCH_MASTER_KEY";

    private readonly MessageAuth _auth;
    private readonly Lock _sync = new();
    private long _counter;

    public PostSigner(byte[] masterKey, string postId) => _auth = new MessageAuth(MessageAuth.DerivePostKey(masterKey, postId));

    public static string NewMasterKey() => MessageAuth.FormatKey(RandomNumberGenerator.GetBytes(MessageAuth.KeySize));

    public static byte[] ParseMasterKey(string hex) => MessageAuth.ParseKey(hex) ?? throw new ArgumentException("The master key is not 64 hex characters.", nameof(hex));

    public byte[] Sign(string topic, byte[] payload)
    {
        lock (_sync)
        {
            return _auth.Sign(topic, payload, ++_counter);
        }
    }
}
