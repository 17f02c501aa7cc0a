namespace SosPost.Gateway.Registry;

/// <summary>Durable posts and their online state.</summary>
public interface IPostStore
{
    /// <summary>Inserts new posts and updates known ones; posts not listed are kept (alarms refer to them).</summary>
    Task UpsertAsync(IReadOnlyCollection<Post> posts, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<Post>> AllAsync(CancellationToken cancellationToken);

    /// <summary>Records what a post reported; null fields keep the value stored before.</summary>
    Task UpdatePresenceAsync(PostPresence presence, CancellationToken cancellationToken);

    Task<PostPresence?> GetPresenceAsync(string postId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PostPresence>> AllPresenceAsync(CancellationToken cancellationToken);
}
