using Npgsql;

namespace SosPost.Gateway.Storage;

/// <summary>
/// <c>Gateway:Store</c>: where alarms, the dispatch outbox and the registry are kept. SQLite (the default) is
/// one file beside one gateway; PostgreSQL is one database that several gateways share.
/// </summary>
public sealed class StoreOptions : IValidatedOptions
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><see cref="Sqlite"/> or <see cref="Postgres"/>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite database file; relative paths are relative to the working directory.</summary>
    public string SqlitePath { get; set; } = "data/sospost.db";

    /// <summary>The Npgsql connection string when <see cref="Provider"/> is Postgres. Holds a password: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL: how long an outbox row a gateway took stays its own. A gateway that dies mid-delivery frees
    /// its rows when this passes; it must outlast the slowest delivery (target timeouts are 10 s by default).
    /// </summary>
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromMinutes(2);

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Provider must be {Sqlite} or {Postgres}, not '{Provider}'.";
            yield break;
        }

        if (!IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(SqlitePath))
            {
                yield return "SqlitePath must name a database file.";
            }

            yield break;
        }

        if (OutboxLease < TimeSpan.FromSeconds(1) || OutboxLease > TimeSpan.FromHours(1))
        {
            yield return "OutboxLease must be between 1 second and 1 hour.";
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "ConnectionString must be set when Provider is Postgres (e.g. Host=db;Database=sospost;Username=gateway;Password=...).";
            yield break;
        }

        if (ConnectionStringProblem(ConnectionString) is { } problem)
        {
            yield return problem;
        }
    }

    /// <summary>What is wrong with a connection string, without repeating any of its values (it holds a password).</summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"ConnectionString is not a valid Npgsql connection string (key=value pairs separated by ';'; problem with '{ex.ParamName ?? "a key"}').";
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return "ConnectionString must name the server (Host=...).";
        }

        return string.IsNullOrWhiteSpace(builder.Database) ? "ConnectionString must name the database (Database=...)." : null;
    }
}
