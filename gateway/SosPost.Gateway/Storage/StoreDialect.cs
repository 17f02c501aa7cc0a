namespace SosPost.Gateway.Storage;

/// <summary>
/// What differs between the SQLite and the PostgreSQL store where their SQL is otherwise the same: how a time is
/// written (ISO text in SQLite, timestamptz in PostgreSQL) and read back.
/// </summary>
internal sealed record StoreDialect(Func<DateTimeOffset, object> WriteTime, ReadTime ReadTime)
{
    public static readonly StoreDialect Sqlite = new(at => UtcTime.ToText(at), StoreRows.SqliteTime);

    public static readonly StoreDialect Postgres = new(at => Storage.Postgres.PgTime.Of(at), StoreRows.PostgresTime);
}
