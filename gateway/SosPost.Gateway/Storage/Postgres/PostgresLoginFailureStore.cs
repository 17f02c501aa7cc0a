namespace SosPost.Gateway.Storage.Postgres;

public sealed class PostgresLoginFailureStore(PostgresDatabase database)
    : SqlLoginFailureStore(async ct => await database.OpenAsync(ct), StoreDialect.Postgres);
