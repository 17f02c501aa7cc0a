using System.Net;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Http;

/// <summary>
/// The general request limit. The built-in limiters keep their own clock, so these tests use a small limit and a
/// window of an hour: nothing in them depends on how long a request takes.
/// </summary>
public sealed class RateLimitTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_user_over_the_limit_gets_429_with_retry_after_while_another_user_at_the_same_address_is_served()
    {
        await using var app = NewApp(perUser: 5, perAddress: 1000);
        using var flooding = TestClientAddress.From(await app.LoggedInClientAsync(TestUsers.Dispatcher), "10.0.0.7");
        using var colleague = TestClientAddress.From(await app.LoggedInClientAsync(TestUsers.Technician), "10.0.0.7");

        // The login was the user's first request of the window (anonymous until then, so it counted for the address only).
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await flooding.GetAsync("/api/alarms", Ct)).StatusCode);
        }

        var refused = await flooding.GetAsync("/api/posts", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("too many requests", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await flooding.GetAsync("/", Ct)).StatusCode); // pages and files too

        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/api/posts", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_address_over_the_limit_gets_429_logged_in_or_not_while_other_addresses_are_served()
    {
        await using var app = NewApp(perUser: 1000, perAddress: 4);
        using var stranger = TestClientAddress.From(app.NewClient(), "203.0.113.9");
        using var dispatcher = TestClientAddress.From(await app.LoggedInClientAsync(TestUsers.Dispatcher), "10.0.0.7");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/login", Ct)).StatusCode);
        }

        var refused = await stranger.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GatewayApp.LoginAsync(stranger, TestUsers.Admin, TestUsers.DispatcherPassword)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await dispatcher.GetAsync("/api/alarms", Ct)).StatusCode);
    }

    [Fact]
    public async Task Health_is_never_limited()
    {
        await using var app = NewApp(perUser: 1, perAddress: 1);
        using var probe = TestClientAddress.From(app.NewClient(), "10.0.0.1");

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health", Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/login", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await probe.GetAsync("/login", Ct)).StatusCode);
    }

    [Fact]
    public async Task Refusals_are_counted_in_metrics_and_logged_once_per_client_without_the_query_string()
    {
        await using var app = NewApp(perUser: 3, perAddress: 1000);
        using var flooding = TestClientAddress.From(await app.LoggedInClientAsync(TestUsers.Dispatcher), "10.0.0.7");
        for (var i = 0; i < 3; i++)
        {
            await flooding.GetAsync("/api/alarms", Ct);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await flooding.GetAsync("/api/alarms?secret-looking=abc123", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await flooding.GetAsync("/api/alarms?secret-looking=abc123", Ct)).StatusCode);

        using var scraper = TestClientAddress.From(app.NewClient(), "10.0.0.99");
        Assert.Contains("sospost_http_rate_limited_total{client=\"user\"} 2", await scraper.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        var logged = Assert.Single(app.Logs.Entries, e => e.Message.StartsWith("Rate limit: refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("GET /api/alarms of user dispatcher from 10.0.0.7", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_it_limits_nothing()
    {
        await using var app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:Enabled"] = "false",
            ["Gateway:RateLimit:PerAddress"] = "1",
        });
        using var client = app.NewClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Invalid_limits_stop_the_gateway_at_start()
    {
        await using var app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:Window"] = "00:00:00.1",
            ["Gateway:RateLimit:PerUser"] = "0",
        });

        var error = app.StartupFailure().ToString();

        Assert.Contains("Gateway:RateLimit: Window must be between 1 second and 1 hour.", error, StringComparison.Ordinal);
        Assert.Contains("Gateway:RateLimit: PerUser must be at least 1.", error, StringComparison.Ordinal);
    }

    private GatewayApp NewApp(int perUser, int perAddress) => new(_directory, new Dictionary<string, string?>
    {
        ["Gateway:RateLimit:Window"] = "01:00:00",
        ["Gateway:RateLimit:PerUser"] = perUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:RateLimit:PerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
    })
    { TestServices = TestClientAddress.Install };
}
