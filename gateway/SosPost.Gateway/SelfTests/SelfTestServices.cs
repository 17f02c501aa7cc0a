using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.SelfTests;

public static class SelfTestServices
{
    /// <summary>The self-test report store, in the gateway's SQLite file.</summary>
    public static IServiceCollection AddSelfTests(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<ISelfTestStore, SqliteSelfTestStore>();
        return services;
    }
}
