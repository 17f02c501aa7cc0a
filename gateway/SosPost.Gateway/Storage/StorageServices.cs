using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Storage.Postgres;

namespace SosPost.Gateway.Storage;

public static class StorageServices
{
    /// <summary>The alarm store and its dispatch outbox, in the database of <c>Gateway:Store</c>.</summary>
    public static IServiceCollection AddAlarmStore(this IServiceCollection services)
    {
        services.TryAddStore<IAlarmStore, SqliteAlarmStore, PostgresAlarmStore>();
        services.TryAddStore<IDispatchOutbox, SqliteDispatchOutbox, PostgresDispatchOutbox>();
        services.TryAddStore<IStoreDurability, SqliteDatabase, ImmediateDurability>();
        services.TryAddSingleton<GroupCommit>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TService"/> as the SQLite or the PostgreSQL class, as <c>Gateway:Store:Provider</c>
    /// says (read when first resolved, after the options are validated); a registration made before wins.
    /// </summary>
    public static IServiceCollection TryAddStore<TService, TSqlite, TPostgres>(this IServiceCollection services)
        where TService : class
        where TSqlite : class, TService
        where TPostgres : class, TService
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddSingleton<TSqlite>();
        services.TryAddSingleton<TPostgres>();
        services.TryAddSingleton<TService>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsPostgres
            ? sp.GetRequiredService<TPostgres>()
            : sp.GetRequiredService<TSqlite>());
        return services;
    }
}
