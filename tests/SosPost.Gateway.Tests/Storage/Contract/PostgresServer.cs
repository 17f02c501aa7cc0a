using Dapper;
using Npgsql;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>
/// A fresh PostgreSQL database (random name) for one test class, dropped after it, on the server named by
/// SOSPOST_TEST_POSTGRES (scripts/test.sh starts PostgreSQL and sets it). Without it the tests are skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "SOSPOST_TEST_POSTGRES";

    private readonly List<string> _databases = [];
    private string? _adminConnectionString;

    /// <summary>The connection string of this class's database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(_adminConnectionString))
        {
            ConnectionString = await CreateDatabaseAsync();
        }
    }

    /// <summary>Skips the calling test when no server is configured.</summary>
    public void SkipUnlessAvailable()
    {
        if (string.IsNullOrWhiteSpace(_adminConnectionString))
        {
            Assert.Skip($"PostgreSQL store tests need {Variable} (an Npgsql connection string of a role that may create databases); scripts/test.sh starts PostgreSQL and sets it.");
        }
    }

    /// <summary>Another empty database on the server, dropped with this class's.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        SkipUnlessAvailable();
        var name = "sospost_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE DATABASE {name}");
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            await DropAsync(admin, name);
        }
    }

    // Test classes run in parallel: a drop can meet another class creating its database from the same
    // template, which PostgreSQL refuses for a moment. Try again briefly; fail loudly if it never works.
    private static async Task DropAsync(NpgsqlConnection admin, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}
