using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Audit;

public static class AuditServices
{
    /// <summary>The audit log, in the store of <c>Gateway:Store</c> (SQLite or PostgreSQL).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddStore<IAuditLog, SqliteAuditLog, Storage.Postgres.PostgresAuditLog>();
        return services;
    }
}
