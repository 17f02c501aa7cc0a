using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SosPost.Protocol.Security;

namespace SosPost.Gateway.Security;

/// <summary>Each post's message key, derived from the master secret on first use and kept (docs/security.md, "Keys").</summary>
public sealed class PostKeys(IOptions<SecurityOptions> options)
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>The post's key; null when no master key is configured (only while RequireMessageAuth is off).</summary>
    public byte[]? For(string postId) =>
        options.Value.MasterKeyBytes is { } master ? _keys.GetOrAdd(postId, id => MessageAuth.DerivePostKey(master, id)) : null;
}
