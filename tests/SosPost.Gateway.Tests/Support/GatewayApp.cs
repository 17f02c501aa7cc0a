using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using SosPost.Gateway.Console;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// The real gateway (Program) hosted in-process over a temp database, with configuration overrides.
/// Unless a test gives a broker, MQTT points at a closed port: intake keeps retrying, nothing else cares.
/// </summary>
public sealed class GatewayApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public GatewayApp(TempDirectory directory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Gateway:Store:SqlitePath"] = directory.DatabasePath,
            ["Gateway:Registry:SeedFile"] = TestPosts.WriteFile(directory),
            ["Gateway:Mqtt:Host"] = "127.0.0.1",
            ["Gateway:Mqtt:Port"] = "1",
            ["Gateway:Mqtt:ClientId"] = "gateway-test-" + Guid.NewGuid().ToString("N")[..8],
            ["Gateway:Security:MasterKey"] = SosPost.Testing.TestKeys.MasterHex,
            ["Gateway:Console:Users:0:UserName"] = TestUsers.Dispatcher,
            ["Gateway:Console:Users:0:PasswordHash"] = TestUsers.DispatcherHash,
            ["Gateway:Console:Users:0:Role"] = "dispatcher",
            ["Gateway:Console:Users:1:UserName"] = TestUsers.Technician,
            ["Gateway:Console:Users:1:PasswordHash"] = TestUsers.DispatcherHash,
            ["Gateway:Console:Users:1:Role"] = "technician",
            ["Gateway:Console:Users:2:UserName"] = TestUsers.Admin,
            ["Gateway:Console:Users:2:PasswordHash"] = TestUsers.DispatcherHash,
            ["Gateway:Console:Users:2:Role"] = "admin",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _settings.Remove(key); // null takes a default setting out
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    public LogCollector Logs { get; } = new();

    /// <summary>The gateway's clock; null keeps the system clock. Set it to a ManualTimeProvider to move time by hand.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Replaces services of the real gateway (registered after its own, so they win).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>
    /// A client that keeps cookies and does not follow redirects, so tests see them. Like the console's script, it
    /// sends the login's CSRF token (cookie sospost.csrf) in the X-CSRF-Token header of every POST, PUT and DELETE,
    /// unless <paramref name="sendCsrfToken"/> is false (a forged cross-site request).
    /// </summary>
    public HttpClient NewClient(bool sendCsrfToken = true)
    {
        if (!sendCsrfToken)
        {
            return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        }

        var cookies = new CookieContainer();
        return CreateDefaultClient(new Uri("http://localhost"), new CsrfHeaderHandler(cookies), new CookieContainerHandler(cookies));
    }

    /// <summary>A client logged in as one of <see cref="TestUsers"/> (each has the role it is named after).</summary>
    public async Task<HttpClient> LoggedInClientAsync(string userName = TestUsers.Dispatcher)
    {
        var client = NewClient();
        var response = await LoginAsync(client, userName, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>Starts a gateway that must refuse to start, and returns why.</summary>
    /// <remarks>
    /// WebApplicationFactory sometimes loses a failed start's exception to an ObjectDisposedException: it reads the
    /// app's services after the failing app has disposed them. The host logged the real exception before that.
    /// </remarks>
    public Exception StartupFailure()
    {
        var thrown = Record.Exception(() => NewClient());
        Assert.NotNull(thrown);
        return thrown is ObjectDisposedException && Logs.Errors.FirstOrDefault(e => e.Exception is not null)?.Exception is { } logged ? logged : thrown;
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password) =>
        client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = userName, ["password"] = password }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        if (Time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }

        if (TestServices is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }
}

/// <summary>Copies the CSRF cookie into the header on state-changing requests, as console.js does.</summary>
internal sealed class CsrfHeaderHandler(CookieContainer cookies) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && !request.Headers.Contains(ConsoleCsrf.HeaderName)
            && cookies.GetCookies(request.RequestUri!)[ConsoleCsrf.CookieName] is { } token)
        {
            request.Headers.Add(ConsoleCsrf.HeaderName, token.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

public static class TestUsers
{
    public const string Dispatcher = "dispatcher";
    public const string Technician = "technician";
    public const string Admin = "admin";

    /// <summary>The password of every test user.</summary>
    public const string DispatcherPassword = "correct horse battery staple";

    /// <summary>The minimum iterations keep each test login fast; the format is the production one.</summary>
    public static readonly string DispatcherHash = PasswordHash.Create(DispatcherPassword, PasswordHash.MinIterations);
}
