using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Tests.Support;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Intake;

/// <summary>
/// Per test: a real Mosquitto with the SosPost ACL, the real gateway connected to it as user
/// "gateway", a webhook receiver, and post MHC-001 connected as itself.
/// </summary>
public abstract class IntakeFixture : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    protected const string PostId = "MHC-001";

    protected string PostPassword { get; } = TestSecrets.NewPassword();

    /// <summary>The broker password of user "gateway", which may publish on every post's topics.</summary>
    protected string GatewayPassword => _gatewayPassword;
    private readonly string _gatewayPassword = TestSecrets.NewPassword();

    protected TempDirectory Directory { get; } = new();

    protected MosquittoBroker Broker { get; private set; } = null!;

    protected WebhookReceiver Webhook { get; private set; } = null!;

    protected GatewayApp App { get; private set; } = null!;

    protected HttpClient Api { get; private set; } = null!;

    protected PostClient Post { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions()
            .AddUser("gateway", _gatewayPassword)
            .AddUser(PostId, PostPassword));
        Webhook = await WebhookReceiver.StartAsync();
        App = CreateApp();
        Api = await App.LoggedInClientAsync();
        await Eventually.WaitUntilAsync(
            () => App.Logs.Entries.Any(e => e.Message == "Intake subscribed to " + Topics.AllStatus), Deadline, "intake has subscribed");
        Post = await PostClient.ConnectAsync(Broker, PostId, PostPassword);
    }

    /// <summary>A gateway over this test's database and broker; a second one stands for a restarted gateway.</summary>
    protected GatewayApp CreateApp(string? clientId = null) =>
        new(Directory, new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:ClientId"] = clientId, // null keeps GatewayApp's fresh one; the same one is the same gateway restarted
            ["Gateway:Mqtt:Host"] = Broker.Host,
            ["Gateway:Mqtt:Port"] = Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = _gatewayPassword,
            ["Gateway:Webhook:Url"] = Webhook.Url.ToString(),
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.100",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.500",
        })
        {
            TestServices = ConfigureTestServices,
        };

    /// <summary>Services a test class replaces in every gateway it starts.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await Post.DisposeAsync();
        Api.Dispose();
        await App.DisposeAsync();
        await Webhook.DisposeAsync();
        await Broker.DisposeAsync();
        Directory.Dispose();
    }

    /// <summary>Another client on the broker with the gateway's rights: it may publish on any post's topics.</summary>
    protected async Task<Mqtt.MqttClient> ConnectAsGatewayUserAsync()
    {
        var client = new Mqtt.MqttClient(new Mqtt.MqttClientOptions
        {
            Host = Broker.Host,
            Port = Broker.Port,
            ClientId = "tester-" + Guid.NewGuid().ToString("N")[..8],
            UserName = "gateway",
            Password = _gatewayPassword,
        });
        await client.ConnectAsync();
        return client;
    }

    protected static byte[] Alarm(long alarmId, int presses = 1, string? pressedAt = "2026-11-22T03:15:42.120Z") =>
        PayloadCodec.Encode(new AlarmMessage
        {
            AlarmId = alarmId,
            Presses = presses,
            UptimeMs = 5234119,
            PressedAt = pressedAt is null ? DateTime.MinValue : DateTime.Parse(pressedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
            Snapshot = true,
        });

    /// <summary>The online status a post publishes on connect, with a valid config hash.</summary>
    protected static byte[] Online(long uptimeMs = 1200, string firmware = "0.1.0", string configHash = "3f2a9c41") =>
        PayloadCodec.Encode(new StatusMessage { Online = true, Firmware = firmware, ConfigHash = configHash, UptimeMs = uptimeMs });

    /// <summary>A heartbeat of a healthy post on wifi, as docs/protocol.md's first heartbeat example.</summary>
    protected static HeartbeatMessage Heartbeat(long uptimeMs = 5294119, string firmware = "0.1.0") => new()
    {
        UptimeMs = uptimeMs,
        Firmware = firmware,
        ConfigHash = "3f2a9c41",
        Link = LinkType.Wifi,
        RssiDbm = -67,
        MainsPresent = true,
        BatteryMv = 13180,
        Lamp = LampHealth.Ok,
        FreeMemoryBytes = 61440,
        LastReset = ResetReason.PowerOn,
    };

    protected static byte[] Event(long eventId, string type, bool active, long uptimeMs = 5301200) =>
        PayloadCodec.Encode(new EventMessage { EventId = eventId, Type = type, Active = active, UptimeMs = uptimeMs });

    protected async Task<JsonElement> ApiAsync(string path) =>
        await Api.GetFromJsonAsync<JsonElement>(path);

    protected async Task<JsonElement> AlarmAsync(long alarmId) =>
        (await ApiAsync("/api/alarms")).EnumerateArray().Single(a => a.GetProperty("postId").GetString() == PostId && a.GetProperty("alarmId").GetInt64() == alarmId);
}
