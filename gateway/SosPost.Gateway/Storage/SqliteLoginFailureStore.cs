namespace SosPost.Gateway.Storage;

public sealed class SqliteLoginFailureStore(SqliteDatabase database)
    : SqlLoginFailureStore(async ct => await database.OpenAsync(ct), StoreDialect.Sqlite);
