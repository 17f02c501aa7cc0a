using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Events;

public static class EventServices
{
    /// <summary>The trouble event store, in the gateway's database (Gateway:Store).</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.TryAddStore<IEventStore, SqliteEventStore, Storage.Postgres.PostgresEventStore>();
        return services;
    }
}
