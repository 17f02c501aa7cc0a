using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Maintenance;

public static class MaintenanceServices
{
    /// <summary>Maintenance alerts: their store, the trouble-event rule and the raised-alerts counter.</summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services)
    {
        services.TryAddStore<IMaintenanceAlertStore, SqliteMaintenanceAlertStore, Storage.Postgres.PostgresMaintenanceAlertStore>();
        services.TryAddSingleton<MaintenanceMetrics>();
        services.TryAddSingleton<TroubleAlerts>();
        return services;
    }
}
