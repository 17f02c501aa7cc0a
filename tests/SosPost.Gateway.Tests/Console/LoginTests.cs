using System.Net;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Console;

public sealed class LoginTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("/api/alarms")]
    [InlineData("/api/posts")]
    [InlineData("/api/stats")]
    public async Task The_api_answers_401_without_a_login(string path)
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/alarms/1/acknowledge", null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/console.js")]
    public async Task The_console_sends_a_browser_without_a_login_to_the_login_page(string path)
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/login?ReturnUrl=", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        var login = await client.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/login\">", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_needs_no_login()
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();

        var response = await client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"degraded","mqttConnected":false,"store":"ok"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_configured_user_logs_in_reads_the_api_and_logs_out()
    {
        await using var app = new GatewayApp(_directory);
        using var client = await app.LoggedInClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/alarms", Ct)).StatusCode);
        var posts = await client.GetStringAsync("/api/posts", Ct);
        Assert.Contains("\"id\":\"MHC-001\",\"name\":\"Mahachai Market north gate\",\"latitude\":13.54756,\"longitude\":100.27351", posts, StringComparison.Ordinal);
        var console = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Contains("<script src=\"console.js\"></script>", await console.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var logout = await client.PostAsync("/logout", null, Ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/alarms", Ct)).StatusCode);
    }

    [Theory]
    [InlineData(TestUsers.Dispatcher, "wrong password")]
    [InlineData(TestUsers.Dispatcher, "")]
    [InlineData("nobody", TestUsers.DispatcherPassword)]
    public async Task A_wrong_user_name_or_password_is_refused(string userName, string password)
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();

        var response = await GatewayApp.LoginAsync(client, userName, password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?error=1&returnUrl=%2F", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/alarms", Ct)).StatusCode);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == $"Console login refused for user name {userName}");
        Assert.DoesNotContain(app.Logs.Entries, e => password.Length > 0 && e.Message.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_no_users_configured_there_is_no_default_login_and_a_warning_says_so()
    {
        var noUsers = new Dictionary<string, string?>();
        foreach (var key in new[] { "UserName", "PasswordHash", "Role" })
        {
            for (var i = 0; i < 3; i++)
            {
                noUsers[$"Gateway:Console:Users:{i}:{key}"] = null;
            }
        }

        await using var app = new GatewayApp(_directory, noUsers);
        using var client = app.NewClient();

        foreach (var (userName, password) in new[] { ("admin", "admin"), ("admin", ""), (TestUsers.Dispatcher, TestUsers.DispatcherPassword), ("", "") })
        {
            var response = await GatewayApp.LoginAsync(client, userName, password);
            Assert.Equal("/login?error=1&returnUrl=%2F", response.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/alarms", Ct)).StatusCode);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("No console users are configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_redirects_only_to_local_pages()
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();

        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = TestUsers.Dispatcher,
            ["password"] = TestUsers.DispatcherPassword,
            ["returnUrl"] = "//evil.example/",
        }), Ct);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
