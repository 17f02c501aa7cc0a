using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Registry;

/// <summary>
/// At start, before intake: upserts the posts file into the database and loads the cache. A bad
/// posts file stops the gateway here, with the file's problems in the error.
/// </summary>
public sealed class RegistrySeeder(
    IOptions<RegistryOptions> options,
    IPostStore store,
    PostRegistry registry,
    TimeProvider time,
    ILogger<RegistrySeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seedFile = options.Value.SeedFile;
        if (seedFile is not null)
        {
            var posts = PostsFile.Load(seedFile);
            await store.UpsertAsync(posts, time.GetUtcNow(), cancellationToken);
            logger.LogInformation("Registry seeded with {PostCount} posts from {SeedFile}", posts.Count, Path.GetFullPath(seedFile));
        }

        registry.Load(await store.AllAsync(cancellationToken));
        if (registry.All.Count == 0)
        {
            logger.LogWarning("The registry has no posts, so every alarm is rejected as unknown-post; set Gateway:Registry:SeedFile");
        }
        else
        {
            logger.LogInformation("Registry holds {PostCount} posts", registry.All.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
