using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Storage;

public static class StorageServices
{
    /// <summary>The alarm store and its dispatch outbox, in the SQLite file of <c>Gateway:Store</c>.</summary>
    public static IServiceCollection AddAlarmStore(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IAlarmStore, SqliteAlarmStore>();
        services.TryAddSingleton<IDispatchOutbox, SqliteDispatchOutbox>();
        return services;
    }
}
