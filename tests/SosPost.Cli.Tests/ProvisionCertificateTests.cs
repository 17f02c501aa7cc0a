using System.Security.Cryptography.X509Certificates;
using SosPost.Mqtt;
using SosPost.Testing;

namespace SosPost.Cli.Tests;

/// <summary>
/// <c>provision --client-cert</c> against a real Mosquitto with a mutual-TLS listener (require_certificate,
/// use_identity_as_username), as scripts/lib.sh starts it: the certificate is the post's login, confined by the same ACL.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProvisionCertificateTests : IAsyncLifetime
{
    private const string WifiPassword = "wifi-secret-7b1c";

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["SOSPOST_MASTER_KEY"] = TestKeys.MasterHex,
        ["SOSPOST_WIFI_PASSWORD"] = WifiPassword,
    };

    private readonly TempFolder _out = new();
    private MosquittoBroker _broker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = true, CertificateLogins = true }.AddUser("gateway", "gateway-secret"), Ct);
        await Eventually.WaitUntilAsync(() => File.Exists(_broker.PidPath), TimeSpan.FromSeconds(10), "mosquitto writes its pid file", Ct);
    }

    [Fact]
    public async Task A_post_provisioned_with_a_certificate_logs_in_with_it_and_may_publish_only_its_own_topics()
    {
        var run = await CliRun.RunAsync(Environment, "provision", "CRT-001", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--client-cert");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"CRT-001 with its new certificate (mutual TLS)", run.Error, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_out.File("CRT-001.key")));
        using var certificate = X509Certificate2.CreateFromPemFile(_out.File("CRT-001.crt"), _out.File("CRT-001.key"));
        Assert.Equal("CN=CRT-001", certificate.Subject);
        var deploy = await File.ReadAllTextAsync(_out.File("CRT-001.deploy.json"), Ct);
        Assert.Contains("CRT-001.crt", deploy, StringComparison.Ordinal);
        Assert.Contains("CRT-001.key", deploy, StringComparison.Ordinal);

        // No user name, no password: the broker takes the certificate's CN as the user, and the %u patterns apply.
        await using var post = CertificateClient("CRT-001", certificate);
        await post.ConnectAsync(Ct);
        await post.PublishAsync("sos/v1/CRT-001/heartbeat", "{}"u8.ToArray(), MqttQos.AtLeastOnce, ct: Ct);
        var denied = await Assert.ThrowsAsync<MqttPublishRejectedException>(() => post.PublishAsync("sos/v1/MHC-002/alarm", "{}"u8.ToArray(), MqttQos.AtLeastOnce, ct: Ct));
        Assert.Equal(135, denied.ReasonCode);
        await post.SubscribeAsync("sos/v1/CRT-001/cmd", MqttQos.AtLeastOnce, Ct); // (Mosquitto grants any subscription and filters reads on delivery)

        // Progress and errors (what a terminal log or CI keeps) never show a secret; the password is only in the summary.
        Assert.DoesNotContain(TestKeys.MasterHex, run.Output + run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WifiPassword, run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_certificate_listener_refuses_a_client_without_a_certificate_or_with_one_from_another_CA()
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(_broker.CaCertificatePath!);
        await using var bare = new MqttClient(Options("no-certificate", new MqttTlsOptions { CaCertificate = ca }));
        await Assert.ThrowsAsync<MqttConnectException>(() => bare.ConnectAsync(Ct));

        // A certificate naming a real post, but signed by a CA the broker does not know.
        using var other = new TempFolder();
        var run = await CliRun.RunAsync(Environment, "provision", "CRT-002", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--client-cert");
        Assert.True(run.ExitCode == 0, run.Error);
        var foreign = await TestCertificates.CreateAsync(other.Path, Ct);
        using var foreignCa = X509Certificate2.CreateFromPemFile(foreign.ServerCertificate, foreign.ServerKey);
        await using var impostor = new MqttClient(Options("impostor", new MqttTlsOptions { CaCertificate = ca, ClientCertificate = foreignCa }));
        await Assert.ThrowsAsync<MqttConnectException>(() => impostor.ConnectAsync(Ct));
    }

    [Fact]
    public async Task Without_a_certificate_listener_client_cert_changes_nothing()
    {
        await using var plain = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions().AddUser("gateway", "gateway-secret"), Ct);
        await Eventually.WaitUntilAsync(() => File.Exists(plain.PidPath), TimeSpan.FromSeconds(10), "mosquitto writes its pid file", Ct);
        var passwords = await File.ReadAllTextAsync(Path.Combine(plain.Directory, "passwd"), Ct);

        var run = await CliRun.RunAsync(Environment, "provision", "CRT-003", "--broker-dir", plain.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--client-cert");

        Assert.Equal(8, run.ExitCode);
        Assert.Contains("--client-cert needs the broker's CA", run.Error, StringComparison.Ordinal);
        Assert.Equal(passwords, await File.ReadAllTextAsync(Path.Combine(plain.Directory, "passwd"), Ct));
        Assert.Empty(Directory.GetFiles(_out.Path));
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        _out.Dispose();
    }

    private MqttClient CertificateClient(string clientId, X509Certificate2 certificate)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(_broker.CaCertificatePath!);
        return new MqttClient(Options(clientId, new MqttTlsOptions { CaCertificate = ca, ClientCertificate = certificate }));
    }

    private MqttClientOptions Options(string clientId, MqttTlsOptions tls) => new()
    {
        Host = _broker.Host,
        Port = _broker.CertificatePort,
        ClientId = clientId,
        Tls = tls,
        ProtocolVersion = MqttProtocolVersion.V500,
        AutoReconnect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
