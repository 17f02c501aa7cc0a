using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Events;

public static class EventServices
{
    /// <summary>The trouble event store, in the gateway's SQLite file.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IEventStore, SqliteEventStore>();
        return services;
    }
}
