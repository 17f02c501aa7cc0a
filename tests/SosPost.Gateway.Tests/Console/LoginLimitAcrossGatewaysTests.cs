using System.Net;
using SosPost.Gateway.Console;
using SosPost.Gateway.Tests.Storage.Contract;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Console;

/// <summary>
/// The login limit counts in the store: two gateways on one database (or one gateway and its restart) share the
/// count, so spreading guesses over gateways gains nothing.
/// </summary>
public sealed class LoginLimitAcrossGatewaysTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public Task Failures_on_one_gateway_count_on_another_sharing_its_SQLite_store() => GuessOnTwoGatewaysAsync(new Dictionary<string, string?>());

    [Fact]
    public async Task Failures_on_one_gateway_count_on_another_sharing_its_PostgreSQL_store()
    {
        server.SkipUnlessAvailable();
        await GuessOnTwoGatewaysAsync(new Dictionary<string, string?>
        {
            ["Gateway:Store:Provider"] = "Postgres",
            ["Gateway:Store:ConnectionString"] = await server.CreateDatabaseAsync(),
        });
    }

    [Fact]
    public async Task A_restarted_gateway_still_counts_the_failures_before_its_restart()
    {
        var clock = ClockedGateway.NewClock();
        await using (var before = new GatewayApp(_directory) { Time = clock })
        {
            using var client = before.NewClient();
            for (var i = 0; i < LoginThrottle.MaxFailures; i++)
            {
                await GatewayApp.LoginAsync(client, TestUsers.Admin, "guess " + i);
            }
        }

        await using var after = new GatewayApp(_directory) { Time = clock };
        using var again = after.NewClient();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GatewayApp.LoginAsync(again, TestUsers.Admin, TestUsers.DispatcherPassword)).StatusCode);
    }

    private async Task GuessOnTwoGatewaysAsync(Dictionary<string, string?> store)
    {
        var clock = ClockedGateway.NewClock();
        await using var first = new GatewayApp(_directory, store) { Time = clock };
        await using var second = new GatewayApp(_directory, store) { Time = clock };
        using var atFirst = first.NewClient();
        using var atSecond = second.NewClient();

        // Three guesses on one gateway, two on the other, a minute apart: five within the window between them.
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            var wrong = await GatewayApp.LoginAsync(i % 2 == 0 ? atFirst : atSecond, TestUsers.Dispatcher, "guess " + i);
            Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        foreach (var gateway in new[] { atFirst, atSecond })
        {
            var locked = await GatewayApp.LoginAsync(gateway, TestUsers.Dispatcher, TestUsers.DispatcherPassword);
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.Equal(TimeSpan.FromMinutes(10), locked.Headers.RetryAfter?.Delta);
        }

        // Once the first guess leaves the window, both gateways take the right password again.
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("/", (await GatewayApp.LoginAsync(atSecond, TestUsers.Dispatcher, TestUsers.DispatcherPassword)).Headers.Location?.OriginalString);
        Assert.Equal("/", (await GatewayApp.LoginAsync(atFirst, TestUsers.Dispatcher, TestUsers.DispatcherPassword)).Headers.Location?.OriginalString);
    }
}
