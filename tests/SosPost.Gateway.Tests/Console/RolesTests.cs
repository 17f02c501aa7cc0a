using System.Net;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Console;

/// <summary>Each role gets what its work needs and a 403 for the rest (ConsoleRoles).</summary>
public sealed class RolesTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(TestUsers.Dispatcher, "GET", "/api/alarms", HttpStatusCode.OK)]
    [InlineData(TestUsers.Dispatcher, "POST", "/api/alarms/999/acknowledge", HttpStatusCode.NotFound)]
    [InlineData(TestUsers.Dispatcher, "GET", "/api/dispatch/dead", HttpStatusCode.OK)]
    [InlineData(TestUsers.Dispatcher, "GET", "/api/posts", HttpStatusCode.OK)]
    [InlineData(TestUsers.Dispatcher, "GET", "/api/stats/posts", HttpStatusCode.OK)]
    [InlineData(TestUsers.Dispatcher, "POST", "/api/posts/MHC-001/selftest", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Dispatcher, "GET", "/api/audit", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Technician, "GET", "/api/alarms", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Technician, "POST", "/api/alarms/999/acknowledge", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Technician, "POST", "/api/alarms/999/resolve", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Technician, "POST", "/api/dispatch/999/retry", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Technician, "GET", "/api/posts", HttpStatusCode.OK)]
    [InlineData(TestUsers.Technician, "GET", "/api/posts/MHC-001/events", HttpStatusCode.OK)]
    [InlineData(TestUsers.Technician, "POST", "/api/posts/MHC-001/selftest", HttpStatusCode.Accepted)]
    [InlineData(TestUsers.Technician, "GET", "/api/audit", HttpStatusCode.Forbidden)]
    [InlineData(TestUsers.Admin, "GET", "/api/alarms", HttpStatusCode.OK)]
    [InlineData(TestUsers.Admin, "POST", "/api/posts/MHC-001/selftest", HttpStatusCode.Accepted)]
    [InlineData(TestUsers.Admin, "GET", "/api/audit", HttpStatusCode.OK)]
    public async Task Each_role_may_do_its_own_work_only(string user, string method, string path, HttpStatusCode expected)
    {
        await using var app = new GatewayApp(_directory);
        using var client = await app.LoggedInClientAsync(user);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_console_is_told_who_is_logged_in_and_with_which_role()
    {
        await using var app = new GatewayApp(_directory);
        using var client = await app.LoggedInClientAsync(TestUsers.Technician);

        var session = await client.GetStringAsync("/api/console", Ct);

        Assert.Equal("""{"userName":"technician","role":"technician","map":{"tileUrl":"","attribution":""}}""", session);
    }

    [Theory]
    [InlineData(null, "Gateway:Console: Users:0:Role must be one of dispatcher, technician, admin (it is missing).")]
    [InlineData("supervisor", "Gateway:Console: Users:0:Role must be one of dispatcher, technician, admin, not 'supervisor'.")]
    public async Task A_user_without_a_known_role_stops_the_gateway_at_start_naming_the_key(string? role, string message)
    {
        var app = new GatewayApp(_directory, new Dictionary<string, string?> { ["Gateway:Console:Users:0:Role"] = role ?? "" });
        await using (app)
        {
            var error = app.StartupFailure();

            Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_login_cookie_stops_working_when_its_user_is_removed_from_the_configuration()
    {
        string cookie;
        await using (var app = new GatewayApp(_directory))
        {
            using var client = app.NewClient();
            var login = await GatewayApp.LoginAsync(client, TestUsers.Admin, TestUsers.DispatcherPassword);
            cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sospost.console=", StringComparison.Ordinal)).Split(';')[0];
        }

        // The same cookie, presented to a restarted gateway: accepted while the user is configured ...
        await using (var same = new GatewayApp(_directory))
        {
            Assert.Equal(HttpStatusCode.OK, (await AuditWithCookieAsync(same, cookie)).StatusCode);
        }

        // ... and refused once the user is taken out.
        await using var withoutAdmin = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Console:Users:2:UserName"] = null,
            ["Gateway:Console:Users:2:PasswordHash"] = null,
            ["Gateway:Console:Users:2:Role"] = null,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuditWithCookieAsync(withoutAdmin, cookie)).StatusCode);
    }

    private static async Task<HttpResponseMessage> AuditWithCookieAsync(GatewayApp app, string cookie)
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, Ct);
    }
}
