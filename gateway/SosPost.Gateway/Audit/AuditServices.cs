using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Audit;

public static class AuditServices
{
    /// <summary>The audit log, in the gateway's SQLite file (a PostgreSQL store may be registered before this).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IAuditLog, SqliteAuditLog>();
        return services;
    }
}
