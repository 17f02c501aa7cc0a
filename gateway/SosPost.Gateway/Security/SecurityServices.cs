using SosPost.Gateway.Storage;
using SosPost.Gateway.Storage.Postgres;

namespace SosPost.Gateway.Security;

public static class SecurityServices
{
    /// <summary>Verification of post messages and signing of the replies: MAC and counter, the counters in the store of <c>Gateway:Store</c>.</summary>
    public static IServiceCollection AddMessageAuth(this IServiceCollection services)
    {
        services.TryAddStore<IPostCounterStore, SqlitePostCounterStore, PostgresPostCounterStore>();
        services.AddSingleton<PostKeys>();
        services.AddSingleton<MessageVerifier>();
        services.AddSingleton<ReplySigner>();
        return services;
    }
}
