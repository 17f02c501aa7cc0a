using System.Net;
using System.Text.Json;
using SosPost.Gateway.Console;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Console;

public sealed class CsrfAndLoginLimitTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_logged_in_request_that_changes_something_needs_the_logins_CSRF_token()
    {
        await using var app = new GatewayApp(_directory);
        using var forged = app.NewClient(sendCsrfToken: false); // what another site's form or script could send with our cookie
        await GatewayApp.LoginAsync(forged, TestUsers.Admin, TestUsers.DispatcherPassword);
        var token = await CookieTokenAsync(forged);

        var refused = await forged.PostAsync("/api/posts/MHC-001/selftest", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("CSRF token", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(forged, HttpMethod.Post, "/api/alarms/1/acknowledge", "not-the-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(forged, HttpMethod.Put, "/api/posts", "")).StatusCode);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("missing or wrong CSRF token", StringComparison.Ordinal));

        // Reads need no token; with it, the same request goes through to the endpoint (an unknown alarm: 404).
        Assert.Equal(HttpStatusCode.OK, (await forged.GetAsync("/api/alarms", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(forged, HttpMethod.Post, "/api/alarms/999999/acknowledge", token)).StatusCode);
    }

    [Fact]
    public async Task The_token_of_another_login_does_not_count()
    {
        await using var app = new GatewayApp(_directory);
        using var mine = await app.LoggedInClientAsync(TestUsers.Admin);
        using var theirs = app.NewClient(sendCsrfToken: false);
        await GatewayApp.LoginAsync(theirs, TestUsers.Admin, TestUsers.DispatcherPassword);

        var response = await Send(theirs, HttpMethod.Post, "/api/alarms/999999/acknowledge", await CookieTokenAsync(mine));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_logout_form_needs_the_token_as_a_form_field()
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient(sendCsrfToken: false);
        await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, TestUsers.DispatcherPassword);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/logout", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/alarms", Ct)).StatusCode);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [ConsoleCsrf.FormField] = await CookieTokenAsync(client) });
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/logout", form, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/alarms", Ct)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_for_a_user_lock_its_logins_for_15_minutes_with_429_and_retry_after()
    {
        var time = new ManualTimeProvider();
        await using var app = new GatewayApp(_directory) { Time = time };
        using var client = app.NewClient();

        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            var wrong = await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, "guess " + i);
            Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
            Assert.Contains("error=1", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        // Even the right password is not checked now: the first failure was 5 minutes ago, so 10 minutes to go.
        var locked = await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), locked.Headers.RetryAfter?.Delta);

        time.Advance(TimeSpan.FromMinutes(10));
        var after = await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/", after.Headers.Location?.OriginalString);

        // The refusals are in the audit log and in /metrics.
        using var admin = await app.LoggedInClientAsync(TestUsers.Admin);
        using var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/audit?limit=50", Ct));
        var actions = audit.RootElement.EnumerateArray().Select(e => (e.GetProperty("userName").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Equal(LoginThrottle.MaxFailures, actions.Count(a => a == (TestUsers.Dispatcher, "login-refused")));
        Assert.Single(actions, a => a == (TestUsers.Dispatcher, "login-throttled"));
        var metrics = await admin.GetStringAsync("/metrics", Ct);
        Assert.Contains("sospost_console_login_failures_total{reason=\"wrong\"} 5", metrics, StringComparison.Ordinal);
        Assert.Contains("sospost_console_login_failures_total{reason=\"throttled\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_from_one_address_lock_it_out_whatever_user_name_it_tries_next()
    {
        var time = new ManualTimeProvider();
        await using var app = new GatewayApp(_directory) { Time = time };
        using var client = app.NewClient();

        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await GatewayApp.LoginAsync(client, "nobody-" + i, "guess")).StatusCode);
        }

        var locked = await GatewayApp.LoginAsync(client, TestUsers.Technician, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(LoginThrottle.Window, locked.Headers.RetryAfter?.Delta);

        time.Advance(LoginThrottle.Window);
        Assert.Equal(HttpStatusCode.Redirect, (await GatewayApp.LoginAsync(client, TestUsers.Technician, TestUsers.DispatcherPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/posts", Ct)).StatusCode);
    }

    [Fact]
    public async Task Failures_older_than_the_window_do_not_count()
    {
        var time = new ManualTimeProvider();
        await using var app = new GatewayApp(_directory) { Time = time };
        using var client = app.NewClient();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, "slow guess")).StatusCode);
            time.Advance(LoginThrottle.Window / (LoginThrottle.MaxFailures - 1)); // four per window: never five within one
        }
    }

    /// <summary>The token as the browser holds it: the sospost.csrf cookie the client sends.</summary>
    private static async Task<string> CookieTokenAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/console", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = response.RequestMessage?.Headers.TryGetValues("Cookie", out var cookies) == true
            ? cookies.SelectMany(c => c.Split("; ")).Select(c => c.Split('=', 2)).Where(p => p[0] == ConsoleCsrf.CookieName).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault()
            : null;
        return token ?? throw new Xunit.Sdk.XunitException("the login set no sospost.csrf cookie");
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Put)
        {
            request.Content = new StringContent("""{"posts":[]}""", System.Text.Encoding.UTF8, "application/json");
        }

        request.Headers.Add(ConsoleCsrf.HeaderName, token);
        return await client.SendAsync(request, Ct);
    }
}
