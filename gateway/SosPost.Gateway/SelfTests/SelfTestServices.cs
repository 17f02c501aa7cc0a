using SosPost.Gateway.Storage;

namespace SosPost.Gateway.SelfTests;

public static class SelfTestServices
{
    /// <summary>The self-test report store, in the gateway's database (Gateway:Store).</summary>
    public static IServiceCollection AddSelfTests(this IServiceCollection services)
    {
        services.TryAddStore<ISelfTestStore, SqliteSelfTestStore, Storage.Postgres.PostgresSelfTestStore>();
        return services;
    }
}
