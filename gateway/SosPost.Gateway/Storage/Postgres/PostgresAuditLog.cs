namespace SosPost.Gateway.Storage.Postgres;

public sealed class PostgresAuditLog(PostgresDatabase database)
    : SqlAuditLog(async ct => await database.OpenAsync(ct), StoreDialect.Postgres);
