using System.Collections.Frozen;

namespace SosPost.Gateway.Registry;

/// <summary>Lookups of known posts, answered from memory (every message of intake asks).</summary>
public interface IPostRegistry
{
    Post? Find(string postId);

    IReadOnlyCollection<Post> All { get; }
}

public sealed class PostRegistry : IPostRegistry
{
    private volatile FrozenDictionary<string, Post> _posts = FrozenDictionary<string, Post>.Empty;

    public IReadOnlyCollection<Post> All => _posts.Values;

    public Post? Find(string postId) => _posts.GetValueOrDefault(postId);

    /// <summary>Replaces the whole cache at once, so a lookup never sees half a reload.</summary>
    public void Load(IEnumerable<Post> posts) =>
        _posts = posts.ToFrozenDictionary(post => post.Id, StringComparer.Ordinal);
}
