using Npgsql;

namespace SosPost.Chaos.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database (random name) for one scenario on the server named by SOSPOST_TEST_POSTGRES
/// (scripts/lib.sh <c>ensure_postgres</c> starts PostgreSQL and sets it), dropped afterwards.
/// </summary>
internal sealed class ChaosPostgres : IAsyncDisposable
{
    public const string Variable = "SOSPOST_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name;

    private ChaosPostgres(string admin, string name)
    {
        _admin = admin;
        _name = name;
    }

    /// <summary>The connection string of the new database (holds the test role's password: never printed).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;

    /// <summary>Creates the database, or skips the calling test when no server is configured.</summary>
    public static async Task<ChaosPostgres> CreateAsync(CancellationToken ct)
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Skip($"The high-availability scenario needs PostgreSQL: set {Variable} (an Npgsql connection string of a role that may create databases), e.g. `source scripts/lib.sh; ensure_postgres`, as scripts/test.sh does.");
        }

        var name = "sospost_chaos_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE {name}", ct);
        return new ChaosPostgres(admin, name);
    }

    public async ValueTask DisposeAsync() =>
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", CancellationToken.None);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
