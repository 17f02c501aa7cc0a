using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Tests.Support;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Security;

/// <summary>
/// The gateway run with known secrets through its normal and its failing paths (wrong broker password, unreachable
/// webhook, SIA receiver, camera and database, wrong and right console logins): no log entry, message or exception,
/// contains any of them.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private const string PostId = "MHC-001";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly string _mqttPassword = "mqtt-" + TestSecrets.NewPassword();
    private readonly string _wrongMqttPassword = "mqtt-wrong-" + TestSecrets.NewPassword();
    private readonly string _postPassword = "post-" + TestSecrets.NewPassword();
    private readonly string _webhookSecret = "webhook-" + TestSecrets.NewPassword() + TestSecrets.NewPassword();
    private readonly string _siaKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private readonly string _cameraPassword = "camera-" + TestSecrets.NewPassword();
    private readonly string _linkKey = "link-" + TestSecrets.NewPassword() + TestSecrets.NewPassword();
    private readonly string _wrongConsolePassword = "console-wrong-" + TestSecrets.NewPassword();
    private readonly string _postgresPassword = "pg-" + TestSecrets.NewPassword();
    private MosquittoBroker _broker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] Secrets =>
    [
        _mqttPassword, _wrongMqttPassword, _postPassword, _webhookSecret, _siaKey, _cameraPassword, _linkKey,
        _wrongConsolePassword, TestUsers.DispatcherPassword, _postgresPassword, TestKeys.MasterHex, TestKeys.PostKeyHex(PostId),
    ];

    public async ValueTask InitializeAsync() =>
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = true }.AddUser("gateway", _mqttPassword).AddUser(PostId, _postPassword), Ct);

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task No_secret_reaches_the_logs_on_the_normal_or_the_failing_paths()
    {
        var logs = new List<LogCollector.Entry>();

        // 1. The broker refuses the gateway's password: intake logs the refusal and retries.
        await using (var refused = Gateway(_wrongMqttPassword))
        {
            using var client = refused.NewClient();
            await Eventually.WaitUntilAsync(
                () => refused.Logs.Entries.Any(e => e.Message.StartsWith("Cannot connect intake", StringComparison.Ordinal)), Deadline, "intake logs the refused login", Ct);
            logs.AddRange(refused.Logs.Entries);
        }

        // 2. The right password; every dispatch target and the camera are unreachable, so each fails and is logged.
        await using (var app = Gateway(_mqttPassword))
        {
            using var wrong = app.NewClient();
            await GatewayApp.LoginAsync(wrong, TestUsers.Dispatcher, _wrongConsolePassword);
            using var api = await app.LoggedInClientAsync();
            await Eventually.WaitUntilAsync(() => app.Logs.Entries.Any(e => e.Message == "Intake subscribed to " + Topics.AllStatus), Deadline, "intake subscribed", Ct);

            using var ca = X509CertificateLoader.LoadCertificateFromFile(_broker.CaCertificatePath!);
            await using var post = new MqttClient(new MqttClientOptions
            {
                Host = _broker.Host, Port = _broker.TlsPort, ClientId = PostId, UserName = PostId, Password = _postPassword, Tls = new MqttTlsOptions { CaCertificate = ca },
            });
            await post.ConnectAsync(Ct);
            var alarm = PayloadCodec.Encode(new AlarmMessage { AlarmId = 5, Presses = 1, UptimeMs = 1000, PressedAt = DateTime.UtcNow, Snapshot = true });
            await post.PublishAsync(Topics.Alarm(PostId), TestKeys.Sign(PostId, Topics.Alarm(PostId), alarm), MqttQos.AtLeastOnce, ct: Ct);
            await Eventually.WaitUntilAsync(
                async () => (await app.Services.GetRequiredService<IAlarmStore>().ListAsync(10, Ct)).Count == 1
                    && app.Logs.Entries.Count(e => e.Level >= LogLevel.Warning && e.Category.Contains("Dispatch", StringComparison.Ordinal)) >= 2,
                Deadline,
                "the alarm is stored and its failing deliveries are logged",
                Ct);
            logs.AddRange(app.Logs.Entries);
        }

        // 3. A PostgreSQL store that cannot be reached: the start fails, naming the problem but not the password.
        await using (var postgres = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Store:Provider"] = "Postgres",
            ["Gateway:Store:ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Database=sospost;Username=gateway;Password={_postgresPassword};Timeout=2",
        }))
        {
            var error = Record.Exception(() => postgres.NewClient());
            logs.AddRange(postgres.Logs.Entries);
            if (error is not null)
            {
                logs.Add(new LogCollector.Entry(LogLevel.Critical, "host start", error.Message, error));
            }
        }

        Assert.Contains(logs, e => e.Message.Contains("login refused", StringComparison.OrdinalIgnoreCase));
        var leaks = logs.Where(e => Secrets.Any(s => e.ToString().Contains(s, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Secrets in the logs:" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }

    private GatewayApp Gateway(string mqttPassword)
    {
        var posts = TestPosts.WriteFile(_directory, "posts-with-camera.json", TestPosts.Market with { Camera = new Uri($"http://127.0.0.1:{FreePort.Next()}/snapshot.jpg") }, TestPosts.Skywalk);
        return new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Registry:SeedFile"] = posts,
            ["Gateway:Mqtt:Host"] = _broker.Host,
            ["Gateway:Mqtt:Port"] = _broker.TlsPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:Tls"] = "true",
            ["Gateway:Mqtt:CaFile"] = _broker.CaCertificatePath,
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = mqttPassword,
            ["Gateway:Webhook:Url"] = $"http://127.0.0.1:{FreePort.Next()}/alarms",
            ["Gateway:Webhook:Secret"] = _webhookSecret,
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.100",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.500",
            ["Gateway:Sia:Host"] = "127.0.0.1",
            ["Gateway:Sia:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Gateway:Sia:Account"] = "1234",
            ["Gateway:Sia:Key"] = _siaKey,
            ["Gateway:Sia:AckTimeout"] = "00:00:01",
            ["Gateway:Snapshot:Credentials:0:UserName"] = "camera",
            ["Gateway:Snapshot:Credentials:0:Password"] = _cameraPassword,
            ["Gateway:Snapshot:LinkKey"] = _linkKey,
            ["Gateway:Snapshot:PublicBaseUrl"] = "https://sospost.example",
        });
    }
}
