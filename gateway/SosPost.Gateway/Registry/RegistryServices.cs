using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Registry;

public static class RegistryServices
{
    /// <summary>The post registry: store table, in-memory lookups, seeding from the posts file at start.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.TryAddStore<IPostStore, SqlitePostStore, Storage.Postgres.PostgresPostStore>();
        services.TryAddSingleton<PostRegistry>();
        services.TryAddSingleton<IPostRegistry>(sp => sp.GetRequiredService<PostRegistry>());
        services.AddHostedService<RegistrySeeder>();
        return services;
    }
}
