namespace SosPost.Gateway.Storage.Postgres;

public sealed class PostgresMaintenanceAlertStore(PostgresDatabase database)
    : SqlMaintenanceAlertStore(async ct => await database.OpenAsync(ct), StoreDialect.Postgres);
