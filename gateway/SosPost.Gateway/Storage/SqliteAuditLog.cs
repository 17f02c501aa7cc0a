namespace SosPost.Gateway.Storage;

public sealed class SqliteAuditLog(SqliteDatabase database)
    : SqlAuditLog(async ct => await database.OpenAsync(ct), StoreDialect.Sqlite);
