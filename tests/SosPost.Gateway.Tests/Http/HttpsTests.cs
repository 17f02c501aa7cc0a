using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SosPost.Gateway.Console;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Http;

/// <summary>
/// HTTPS by default outside the demo: the certificate from Kestrel's standard configuration, served by a real Kestrel
/// on loopback; HSTS and Secure cookies over HTTPS only; plain HTTP off loopback refused at start.
/// </summary>
public sealed class HttpsTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_gateway_serves_https_with_the_configured_certificate_hsts_and_secure_login_cookies()
    {
        using var certificate = SelfSigned();
        var port = FreePort.Next();
        await using var app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            ["Kestrel:Certificates:Default:Path"] = WritePem(certificate.ExportCertificatePem(), "gateway.crt"),
            ["Kestrel:Certificates:Default:KeyPath"] = WritePem(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), "gateway.key"),
            ["Gateway:Metrics:AllowedAddresses:0"] = "127.0.0.0/8",
        });
        app.UseKestrel();
        app.StartServer();

        // The test's certificate is the only one trusted: a handshake that passes proves the gateway served it.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { certificate },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        })
        { BaseAddress = new Uri("https://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)) };

        using var page = await client.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));

        using var login = await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("sospost.console=", StringComparison.Ordinal) && IsSecure(c));
        Assert.Contains(cookies, c => c.StartsWith(ConsoleCsrf.CookieName + "=", StringComparison.Ordinal) && IsSecure(c));
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));

        // The metrics allow-list sees the real socket's address.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Fact]
    public async Task Plain_http_on_loopback_gets_no_hsts_and_cookies_without_secure()
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();

        using var page = await client.GetAsync("/login", Ct);
        using var login = await GatewayApp.LoginAsync(client, TestUsers.Dispatcher, TestUsers.DispatcherPassword);

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, cookies.Count(c => c.StartsWith("sospost.console=", StringComparison.Ordinal) || c.StartsWith(ConsoleCsrf.CookieName + "=", StringComparison.Ordinal)));
        Assert.DoesNotContain(cookies, IsSecure);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080")]
    [InlineData("urls", "http://*:5080")]
    [InlineData("urls", "http://+:80")]
    [InlineData("urls", "http://[::]:5080")]
    [InlineData("urls", "http://192.168.1.10:5080")]
    [InlineData("urls", "http://gateway.example:80")]
    [InlineData("urls", "https://0.0.0.0:5443;http://10.0.0.5:5080")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Web:Url", "http://0.0.0.0:5080")]
    public void Plain_http_on_an_address_other_machines_reach_stops_the_gateway_at_start_naming_the_setting_and_the_url(string key, string urls)
    {
        using var app = new GatewayApp(_directory, new Dictionary<string, string?> { [key] = urls });

        var error = app.StartupFailure().ToString();

        Assert.Contains("Gateway:Console:AllowPlainHttp is false", error, StringComparison.Ordinal);
        var offending = key == "http_ports" ? "http://*:" + urls : urls.Split(';')[^1];
        Assert.Contains($"'{offending}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:5080")]
    [InlineData("urls", "http://localhost:5080")]
    [InlineData("urls", "http://[::1]:5080")]
    [InlineData("urls", "https://0.0.0.0:5443;http://127.0.0.1:5080")]
    [InlineData("https_ports", "443")]
    [InlineData("Kestrel:Endpoints:Https:Url", "https://*:443")]
    [InlineData("Gateway:Console:AllowPlainHttp", "true")]
    public async Task Loopback_http_https_anywhere_or_allowed_plain_http_start(string key, string value)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "Gateway:Console:AllowPlainHttp")
        {
            settings["urls"] = "http://0.0.0.0:5080"; // behind a proxy that serves HTTPS
        }

        await using var app = new GatewayApp(_directory, settings);
        using var client = app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_plain_http_listener_set_up_in_code_on_every_address_stops_the_gateway_once_started()
    {
        await using var app = new GatewayApp(_directory);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Any, FreePort.Next()));
        try
        {
            app.StartServer();
        }
        catch (ObjectDisposedException)
        {
            // The server started and the guard stopped the host before WebApplicationFactory finished reading its
            // addresses: the behaviour under test, come early. The logs below tell what happened either way.
        }

        await Eventually.WaitUntilAsync(
            () => app.Logs.Entries.Any(e => e.Level == LogLevel.Critical && e.Message.Contains("Gateway:Console:AllowPlainHttp is false", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20),
            "the guard names the setting",
            Ct);

        // The host logs its shutdown after the guard's critical line, on another thread: wait for it too.
        await Eventually.WaitUntilAsync(
            () => app.Logs.Entries.Any(e => e.Message.Contains("Application is shutting down", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20),
            "the guard stops the gateway",
            Ct);
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private string WritePem(string pem, string name)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, pem);
        return path;
    }
}
