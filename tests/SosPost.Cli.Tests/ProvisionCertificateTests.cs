using System.Security.Cryptography.X509Certificates;
using SosPost.Firmware.Core.Device;
using SosPost.Mqtt;
using SosPost.Testing;

namespace SosPost.Cli.Tests;

/// <summary>
/// <c>provision --cert</c> (alias <c>--client-cert</c>) against a real Mosquitto with a mutual-TLS listener (require_certificate,
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
        var run = await CliRun.RunAsync(Environment, "provision", "CRT-001", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--cert");

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
        Assert.Contains("--cert needs the broker's CA", run.Error, StringComparison.Ordinal);
        Assert.Equal(passwords, await File.ReadAllTextAsync(Path.Combine(plain.Directory, "passwd"), Ct));
        Assert.Empty(Directory.GetFiles(_out.Path));
    }

    [Fact]
    public async Task Cert_writes_a_config_the_firmware_reads_as_certificate_only_at_the_mutual_TLS_listener_and_deploys_certificate_and_key()
    {
        var run = await CliRun.RunAsync(Environment, "provision", "CRT-004", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--cert");

        Assert.True(run.ExitCode == 0, run.Error);
        var config = DeviceConfigReader.Read(await File.ReadAllBytesAsync(_out.File("CRT-004.post.json"), Ct), out var problem);
        Assert.True(config is not null, problem);
        Assert.True(config.ClientCert && config.BrokerTls && !config.PasswordFallback);
        Assert.Equal("", config.Password);
        Assert.Equal(_broker.CertificatePort, config.BrokerPort);
        var login = Assert.Single(config.Logins(certificateLoaded: true));
        Assert.True(login.Certificate);
        Assert.Empty(config.Logins(certificateLoaded: false));

        // The nanoff file puts the CA, the certificate and its key where the firmware reads them, and the summary says so.
        using var deploy = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(_out.File("CRT-004.deploy.json"), Ct));
        var files = deploy.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("DestinationFilePath").GetString()!, f => f.GetProperty("SourceFilePath").GetString()!, StringComparer.Ordinal);
        Assert.Equal(_out.File("CRT-004.crt"), files[DeviceConfig.ClientCertificatePath]);
        Assert.Equal(_out.File("CRT-004.key"), files[DeviceConfig.ClientKeyPath]);
        Assert.Equal(_broker.CaCertificatePath, files[DeviceConfig.CaCertificatePath]);
        Assert.Contains($"{DeviceConfig.ClientKeyPath} <- {_out.File("CRT-004.key")}", run.Output, StringComparison.Ordinal);
        Assert.Contains("with its client certificate (mutual TLS), no password", run.Output, StringComparison.Ordinal);
        Assert.Contains("password     : none on the post", run.Output, StringComparison.Ordinal);
        Assert.Contains("nanoff --filedeployment", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_only_post_leaves_no_working_password_behind()
    {
        var first = await CliRun.RunAsync(Environment, "provision", "CRT-005", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path);
        Assert.True(first.ExitCode == 0, first.Error);
        var oldPassword = DeviceConfigReader.Read(await File.ReadAllBytesAsync(_out.File("CRT-005.post.json"), Ct), out _)!.Password;

        var again = await CliRun.RunAsync(Environment, "provision", "CRT-005", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--cert");

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.DoesNotContain(oldPassword, await File.ReadAllTextAsync(_out.File("CRT-005.post.json"), Ct), StringComparison.Ordinal);
        await using var stolen = new MqttClient(new MqttClientOptions
        {
            Host = _broker.Host, Port = _broker.Port, ClientId = "stolen-board", UserName = "CRT-005", Password = oldPassword,
            ProtocolVersion = MqttProtocolVersion.V500, AutoReconnect = false, ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        await Assert.ThrowsAsync<MqttConnectException>(() => stolen.ConnectAsync(Ct));
    }

    [Fact]
    public async Task Password_fallback_keeps_the_password_on_the_post_for_the_TLS_listener()
    {
        var run = await CliRun.RunAsync(
            Environment, "provision", "CRT-006", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, "--cert", "--password-fallback");

        Assert.True(run.ExitCode == 0, run.Error);
        var config = DeviceConfigReader.Read(await File.ReadAllBytesAsync(_out.File("CRT-006.post.json"), Ct), out var problem);
        Assert.True(config is not null, problem);
        Assert.True(config.ClientCert && config.PasswordFallback);
        Assert.Equal(DeviceConfig.DefaultTlsPort, config.PasswordPort);
        Assert.Contains("password     : " + config.Password, run.Output, StringComparison.Ordinal);
        Assert.Equal([true, false], config.Logins(certificateLoaded: true).Select(l => l.Certificate));
        Assert.False(Assert.Single(config.Logins(certificateLoaded: false)).Certificate);
    }

    [Theory]
    [InlineData("--password-fallback")]
    [InlineData("--password-port", "8883")]
    [InlineData("--cert", "--password-port", "8883")]
    public async Task Fallback_options_without_what_they_fall_back_from_are_usage_errors(params string[] options)
    {
        var run = await CliRun.RunAsync(Environment, ["provision", "CRT-007", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path, .. options]);

        Assert.Equal(2, run.ExitCode);
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
