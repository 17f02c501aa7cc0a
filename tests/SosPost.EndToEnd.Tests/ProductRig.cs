using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.EndToEnd.Tests;

/// <summary>
/// The product as scripts/demo.sh runs it: Mosquitto with one user per post and the demo ACL, the gateway
/// over a fresh SQLite file, the 20 demo posts in the simulator process, plus a dispatch webhook.
/// </summary>
internal sealed class ProductRig : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new();
    private readonly HttpClient _control = new();
    private ChildProcess? _simulator;

    private ProductRig(MosquittoBroker broker, WebhookReceiver webhook, GatewayApp gateway, HttpClient console)
    {
        Broker = broker;
        Webhook = webhook;
        Gateway = gateway;
        Console = console;
    }

    public static string PostsFile => Path.Combine(AppContext.BaseDirectory, "demo", "posts.json");

    public MosquittoBroker Broker { get; }

    public WebhookReceiver Webhook { get; }

    public GatewayApp Gateway { get; }

    /// <summary>A dispatcher logged in to the gateway's console API.</summary>
    public HttpClient Console { get; }

    public static IReadOnlyList<DemoPost> DemoPosts { get; } = ReadDemoPosts();

    /// <param name="certificatePost">
    /// A post that logs in with a client certificate from the broker's CA and has no password at all; the broker then
    /// also listens with TLS and mutual TLS as scripts/lib.sh starts it, and the other posts use its TLS listener.
    /// </param>
    public static async Task<ProductRig> StartAsync(string? certificatePost = null)
    {
        var credentials = DemoPosts.ToDictionary(p => p.Id, _ => TestSecrets.NewPassword(), StringComparer.Ordinal);
        var gatewayPassword = TestSecrets.NewPassword();
        var options = new MosquittoBrokerOptions { Tls = certificatePost is not null, CertificateLogins = certificatePost is not null }.AddUser("gateway", gatewayPassword);
        foreach (var (id, password) in credentials.Where(c => c.Key != certificatePost))
        {
            options.AddUser(id, password);
        }

        var broker = await MosquittoBroker.StartAsync(options);
        var webhook = await WebhookReceiver.StartAsync();
        var directory = new TempDirectory();
        var gateway = new GatewayApp(directory, new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = gatewayPassword,
            ["Gateway:Registry:SeedFile"] = PostsFile,
            ["Gateway:Webhook:Url"] = webhook.Url.ToString(),
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.200",
        });
        var console = await gateway.LoggedInClientAsync();
        var rig = new ProductRig(broker, webhook, gateway, console);
        await Eventually.WaitUntilAsync(rig.GatewayConnectedAsync, Deadline, "the gateway connects to the broker");
        await rig.StartSimulatorAsync(credentials, certificatePost);
        return rig;
    }

    public int ControlPort { get; } = FreePort.Next();

    public async Task PressAsync(string postId)
    {
        using var response = await _control.PostAsync(ControlUrl("/posts/" + postId + "/press"), content: null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<PostState> PostAsync(string postId) =>
        (await _control.GetFromJsonAsync<PostState>(ControlUrl("/posts/" + postId), Json))!;

    public async Task WaitForBeaconAsync(string postId, string beacon) =>
        await Eventually.WaitUntilAsync(
            async () => (await PostAsync(postId)).Beacon == beacon, Deadline, postId + "'s beacon shows " + beacon);

    public async Task<IReadOnlyList<JsonElement>> AlarmsAsync() =>
        (await Console.GetFromJsonAsync<List<JsonElement>>("/api/alarms", Json))!;

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        Console.Dispose();
        _control.Dispose();
        await Gateway.DisposeAsync();
        await Webhook.DisposeAsync();
        await Broker.DisposeAsync();
        _directory.Dispose();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Uri ControlUrl(string path) => new("http://127.0.0.1:" + ControlPort.ToString(CultureInfo.InvariantCulture) + path);

    private async Task<bool> GatewayConnectedAsync()
    {
        using var health = await Console.GetAsync("/health");
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("mqttConnected", out var connected) && connected.GetBoolean();
    }

    private async Task StartSimulatorAsync(Dictionary<string, string> credentials, string? certificatePost)
    {
        var credentialsFile = _directory.File("credentials.json");
        var entries = TestKeys.Credentials(credentials);
        List<string> broker = ["--broker", Broker.Host + ":" + Broker.Port.ToString(CultureInfo.InvariantCulture)];
        if (certificatePost is not null)
        {
            var (certificate, key) = await TestCertificates.IssueClientAsync(Broker.Directory, certificatePost, _directory.Path);
            entries[certificatePost] = new { key = TestKeys.PostKeyHex(certificatePost), clientCert = certificate, clientKey = key };
            broker =
            [
                "--broker", Broker.Host + ":" + Broker.TlsPort.ToString(CultureInfo.InvariantCulture), "--ca", Broker.CaCertificatePath!,
                "--cert-broker", Broker.Host + ":" + Broker.CertificatePort.ToString(CultureInfo.InvariantCulture),
            ];
        }

        await File.WriteAllTextAsync(credentialsFile, JsonSerializer.Serialize(entries));
        _simulator = ChildProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "SosPost.Simulator.dll"), "run",
            "--posts", PostsFile, "--credentials", credentialsFile, .. broker,
            "--state-dir", _directory.File("posts"), "--control-port", ControlPort.ToString(CultureInfo.InvariantCulture),
        ]);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (_simulator.HasExited)
                {
                    throw new InvalidOperationException("The simulator exited: " + _simulator.ErrorText);
                }

                try
                {
                    var posts = await _control.GetFromJsonAsync<List<PostState>>(ControlUrl("/posts"), Json);
                    return posts!.Count == DemoPosts.Count && posts.All(p => p.Connected && p.Beacon == "Idle");
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Deadline,
            "all 20 virtual posts are connected and idle");
    }

    private static List<DemoPost> ReadDemoPosts()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PostsFile));
        return [.. document.RootElement.GetProperty("posts").EnumerateArray().Select(p => new DemoPost(
            p.GetProperty("id").GetString()!,
            p.GetProperty("latitude").GetDouble(),
            p.GetProperty("longitude").GetDouble(),
            p.GetProperty("address").GetString()!))];
    }
}

internal sealed record DemoPost(string Id, double Latitude, double Longitude, string Address);

internal sealed record PostState(string Id, string Beacon, bool Connected, int PendingAlarms, long LastAlarmId);
