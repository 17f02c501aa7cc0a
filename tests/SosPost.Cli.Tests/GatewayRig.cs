using System.Globalization;
using System.Net;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Cli.Tests;

/// <summary>
/// The real gateway on a loopback port, as the CLI reaches a gateway, with the test users (dispatcher,
/// technician, admin; one password) and optional extra settings (a broker). The CLI talks to it over HTTP.
/// </summary>
internal sealed class GatewayRig : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    public GatewayRig(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = SosPost.Testing.FreePort.Next();
        App = new GatewayApp(_directory, settings);
        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        Url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        App.StartServer();
    }

    public GatewayApp App { get; }

    public string Url { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>A client logged in as <paramref name="user"/> over the same socket the CLI uses.</summary>
    public async Task<HttpClient> LoggedInClientAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Url) };
        using var login = await GatewayApp.LoginAsync(client, user, TestUsers.DispatcherPassword);
        return login.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"login of {user}: {login.StatusCode}");
    }

    /// <summary>Runs <c>sospost ARGS --gateway URL --user USER</c> with the password in SOSPOST_PASSWORD.</summary>
    public Task<CliRun> RunAsync(string user, params string[] args) => RunAsync(user, null, args);

    /// <summary>The same, with the CLI's deadlines on <paramref name="time"/>.</summary>
    public Task<CliRun> RunAsync(string user, TimeProvider? time, params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["SOSPOST_PASSWORD"] = TestUsers.DispatcherPassword }, time, [.. args, "--gateway", Url, "--user", user]);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _directory.Dispose();
    }
}
