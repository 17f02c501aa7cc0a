using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Tests.Support;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

/// <summary>The gateway and a post on the broker's TLS listener only (as scripts/demo.sh runs them), against real Mosquitto.</summary>
public sealed class TlsIntakeTests : IAsyncLifetime
{
    private const string PostId = "MHC-001";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new();
    private readonly string _gatewayPassword = TestSecrets.NewPassword();
    private readonly string _postPassword = TestSecrets.NewPassword();
    private MosquittoBroker _broker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _broker = await MosquittoBroker.StartAsync(
            new MosquittoBrokerOptions { Tls = true }.AddUser("gateway", _gatewayPassword).AddUser(PostId, _postPassword), Ct);

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_alarm_sent_over_TLS_is_stored_and_answered_over_TLS()
    {
        await using var app = Gateway(new() { ["Gateway:Mqtt:Tls"] = "true", ["Gateway:Mqtt:CaFile"] = _broker.CaCertificatePath });
        using var api = app.NewClient(); // starts the host
        await Eventually.WaitUntilAsync(() => app.Logs.Entries.Any(e => e.Message == "Intake subscribed to " + Topics.AllStatus), Deadline, "intake subscribed over TLS", Ct);
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains($"{_broker.Host}:{_broker.TlsPort} (TLS)", StringComparison.Ordinal));

        await using var post = new MqttClient(PostOptions(new MqttTlsOptions { CaCertificate = LoadCa() }));
        var answered = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        post.MessageReceived = (message, _) =>
        {
            answered.TrySetResult(message.Payload.ToArray());
            return Task.CompletedTask;
        };
        await post.ConnectAsync(Ct);
        await post.SubscribeAsync(Topics.AlarmState(PostId), MqttQos.AtLeastOnce, Ct);
        var alarm = PayloadCodec.Encode(new AlarmMessage { AlarmId = 7, Presses = 1, UptimeMs = 1000, PressedAt = DateTime.UtcNow });
        await post.PublishAsync(Topics.Alarm(PostId), TestKeys.Sign(PostId, Topics.Alarm(PostId), alarm), MqttQos.AtLeastOnce, ct: Ct);

        var state = await answered.Task.WaitAsync(Deadline, Ct);
        Assert.True(PayloadCodec.TryDecodeAlarmState(state, out var decoded, out _), "the post's answer is an alarm state");
        Assert.Equal((7L, AlarmState.Received), (decoded!.AlarmId, decoded.State));
        var stored = await app.Services.GetRequiredService<IAlarmStore>().ListAsync(10, Ct);
        Assert.Contains(stored, a => a.Alarm is { PostId: PostId, AlarmId: 7 });
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_brokers_CA_is_refused_before_it_sends_its_password()
    {
        // The system trust store does not know the broker's private CA: no MQTT session, so no password on the wire.
        await using var untrusting = new MqttClient(PostOptions(new MqttTlsOptions()));
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => untrusting.ConnectAsync(Ct));
        Assert.Contains("TLS handshake failed", refused.Message, StringComparison.Ordinal);

        // Trusting another CA is no better: an impostor broker with its own CA would be refused the same way.
        using var other = new TempDirectory();
        var foreign = await TestCertificates.CreateAsync(other.Path, Ct);
        await using var wrongCa = new MqttClient(PostOptions(new MqttTlsOptions { CaCertificate = X509CertificateLoader.LoadCertificateFromFile(foreign.CaCertificate) }));
        await Assert.ThrowsAsync<MqttConnectException>(() => wrongCa.ConnectAsync(Ct));
        Assert.DoesNotContain($" as {PostId} ", _broker.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_without_the_CA_keeps_retrying_and_says_the_TLS_handshake_failed()
    {
        await using var app = Gateway(new() { ["Gateway:Mqtt:Tls"] = "true" });
        using var client = app.NewClient();

        await Eventually.WaitUntilAsync(
            () => app.Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("TLS handshake failed", StringComparison.Ordinal)),
            Deadline,
            "intake logs the refused handshake",
            Ct);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.StartsWith("Intake subscribed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Gateway:Mqtt:CaFile", "/no/such/ca.crt", "Gateway:Mqtt: CaFile '/no/such/ca.crt' does not exist.")]
    [InlineData("Gateway:Mqtt:Tls", "false", "Gateway:Mqtt: CaFile and TlsServerName need Tls=true")]
    public async Task Tls_settings_are_validated_at_start(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Gateway:Mqtt:Tls"] = "true", ["Gateway:Mqtt:CaFile"] = _broker.CaCertificatePath, [key] = value };
        await using var app = Gateway(settings);
        var error = app.StartupFailure();
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CA_file_that_is_not_a_certificate_is_refused_at_start()
    {
        var notCa = Path.Combine(_directory.Path, "not-a-ca.pem");
        File.WriteAllText(notCa, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        await using var app = Gateway(new() { ["Gateway:Mqtt:Tls"] = "true", ["Gateway:Mqtt:CaFile"] = notCa });

        var error = app.StartupFailure();

        Assert.Contains($"CaFile '{notCa}' is not a PEM or DER certificate.", error?.ToString(), StringComparison.Ordinal);
    }

    private GatewayApp Gateway(Dictionary<string, string?> tls)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Host"] = _broker.Host,
            ["Gateway:Mqtt:Port"] = _broker.TlsPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = _gatewayPassword,
        };
        foreach (var (key, value) in tls)
        {
            settings[key] = value;
        }

        return new GatewayApp(_directory, settings);
    }

    private X509Certificate2 LoadCa() => X509CertificateLoader.LoadCertificateFromFile(_broker.CaCertificatePath!);

    private MqttClientOptions PostOptions(MqttTlsOptions tls) => new()
    {
        Host = _broker.Host,
        Port = _broker.TlsPort,
        ClientId = PostId,
        UserName = PostId,
        Password = _postPassword,
        Tls = tls,
        AutoReconnect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
