using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
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
            ["Gateway:Console:Users:0:UserName"] = TestUsers.Dispatcher,
            ["Gateway:Console:Users:0:PasswordHash"] = TestUsers.DispatcherHash,
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

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> LoggedInClientAsync()
    {
        var client = NewClient();
        var response = await LoginAsync(client, TestUsers.Dispatcher, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password) =>
        client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = userName, ["password"] = password }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
    }
}

public static class TestUsers
{
    public const string Dispatcher = "dispatcher";
    public const string DispatcherPassword = "correct horse battery staple";

    /// <summary>The minimum iterations keep each test login fast; the format is the production one.</summary>
    public static readonly string DispatcherHash = PasswordHash.Create(DispatcherPassword, PasswordHash.MinIterations);
}
