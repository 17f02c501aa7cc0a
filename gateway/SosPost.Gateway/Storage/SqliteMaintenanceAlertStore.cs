namespace SosPost.Gateway.Storage;

public sealed class SqliteMaintenanceAlertStore(SqliteDatabase database)
    : SqlMaintenanceAlertStore(async ct => await database.OpenAsync(ct), StoreDialect.Sqlite);
