using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Console.Tests;

/// <summary>
/// The product as scripts/demo.sh runs it, with the gateway listening on a real port for a real browser:
/// Mosquitto with one user per post, the gateway (Kestrel) over a fresh SQLite file, the 20 demo posts in
/// the simulator process, and Debian's Chromium driven by Playwright. Shared by the tests of a class; each
/// test opens its own browser context (own cookies and storage) and presses its own post.
/// </summary>
public sealed class ConsoleRig : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Debian's package; Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TempDirectory _directory = new();
    private readonly HttpClient _control = new();
    private readonly int _controlPort = FreePort.Next();
    private MosquittoBroker? _broker;
    private GatewayApp? _gateway;
    private ChildProcess? _simulator;
    private string _gatewayPassword = string.Empty;
    private IPlaywright? _playwright;

    public Uri ConsoleUrl { get; private set; } = null!;

    public GatewayApp Gateway => _gateway!;

    public IBrowser Browser { get; private set; } = null!;

    public static string PostsFile => Path.Combine(AppContext.BaseDirectory, "demo", "posts.json");

    public async ValueTask InitializeAsync()
    {
        var ids = ReadPostIds();
        var credentials = ids.ToDictionary(id => id, _ => TestSecrets.NewPassword(), StringComparer.Ordinal);
        var gatewayPassword = _gatewayPassword = TestSecrets.NewPassword();
        var options = new MosquittoBrokerOptions().AddUser("gateway", gatewayPassword);
        foreach (var (id, password) in credentials)
        {
            options.AddUser(id, password);
        }

        _broker = await MosquittoBroker.StartAsync(options);
        var port = FreePort.Next();
        _gateway = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = gatewayPassword,
            ["Gateway:Registry:SeedFile"] = PostsFile,
        });
        _gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _gateway.StartServer();
        ConsoleUrl = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/");
        await Eventually.WaitUntilAsync(GatewayConnectedAsync, Deadline, "the gateway connects to the broker");
        await StartSimulatorAsync(credentials, ids.Count);

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (scripts/test.sh does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser (own cookies and storage) with a page at the login screen, in English unless told.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ConsoleUrl.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout((float)Deadline.TotalMilliseconds);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => PageErrors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                PageErrors.Enqueue(message.Text + " at " + message.Location);
            }
        };
        await page.GotoAsync("/login");
        return page;
    }

    /// <summary>Logs in through the form and waits for the console to have drawn itself.</summary>
    public async Task<IPage> LoggedInPageAsync(string userName, string locale = "en-GB")
    {
        var page = await NewPageAsync(locale);
        await page.FillAsync("input[name=userName]", userName);
        await page.FillAsync("input[name=password]", TestUsers.DispatcherPassword);
        await page.ClickAsync("button[type=submit]");
        await WaitUntilReadyAsync(page);
        return page;
    }

    /// <summary>Script errors of every page opened; a test that expects none asserts it is empty.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> PageErrors { get; } = new();

    /// <summary>Waits until the console has drawn itself; says which script errors stopped it if it does not.</summary>
    public async Task WaitUntilReadyAsync(IPage page)
    {
        try
        {
            await page.WaitForSelectorAsync("body[data-ready=true]");
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"The console did not start at {page.Url}; script errors: {string.Join(" | ", PageErrors)}", error);
        }
    }

    public async Task PressAsync(string postId)
    {
        using var response = await _control.PostAsync(ControlUrl("/posts/" + postId + "/press"), content: null);
        response.EnsureSuccessStatusCode();
    }

    public async Task OpenCabinetAsync(string postId)
    {
        using var response = await _control.PostAsync(ControlUrl("/posts/" + postId + "/tamper?open=true"), content: null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// What a rogue client with the gateway's broker password could send: an unsigned <c>dispatched</c> for the post's
    /// alarm 1, telling a citizen that help is coming when nobody is. The post must refuse it and count it.
    /// </summary>
    public async Task ForgeDispatchedAsync(string postId)
    {
        await using var rogue = new SosPost.Mqtt.MqttClient(new SosPost.Mqtt.MqttClientOptions
        {
            Host = _broker!.Host,
            Port = _broker.Port,
            ClientId = "rogue-" + Guid.NewGuid().ToString("N"),
            UserName = "gateway",
            Password = _gatewayPassword,
        });
        await rogue.ConnectAsync();
        var forged = new SosPost.Protocol.AlarmStateMessage { AlarmId = 1, State = SosPost.Protocol.AlarmState.Dispatched, At = DateTime.UtcNow };
        await rogue.PublishAsync(SosPost.Protocol.Topics.AlarmState(postId), SosPost.Protocol.PayloadCodec.Encode(forged));
    }

    public async Task<VirtualPost> PostAsync(string postId) =>
        (await _control.GetFromJsonAsync<VirtualPost>(ControlUrl("/posts/" + postId), Json))!;

    public Task WaitForBeaconAsync(string postId, string beacon) =>
        Eventually.WaitUntilAsync(async () => (await PostAsync(postId)).Beacon == beacon, Deadline, postId + "'s beacon shows " + beacon);

    /// <summary>docs/images/ of this repository, where the README's screenshots live.</summary>
    public static string DocsImages()
    {
        var root = typeof(ConsoleRig).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        return Path.Combine(root, "docs", "images");
    }

    /// <summary>Screenshots are rewritten only when asked (SOSPOST_UPDATE_SCREENSHOTS=1), never by an ordinary test run.</summary>
    public static bool UpdateScreenshots => Environment.GetEnvironmentVariable("SOSPOST_UPDATE_SCREENSHOTS") == "1";

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        _control.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _directory.Dispose();
    }

    private Uri ControlUrl(string path) => new("http://127.0.0.1:" + _controlPort.ToString(CultureInfo.InvariantCulture) + path);

    private async Task<bool> GatewayConnectedAsync()
    {
        using var client = new HttpClient();
        using var health = await client.GetAsync(new Uri(ConsoleUrl, "/health"));
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("mqttConnected", out var connected) && connected.GetBoolean();
    }

    private async Task StartSimulatorAsync(Dictionary<string, string> credentials, int count)
    {
        var credentialsFile = _directory.File("credentials.json");
        await File.WriteAllTextAsync(credentialsFile, JsonSerializer.Serialize(TestKeys.Credentials(credentials)));
        _simulator = ChildProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "SosPost.Simulator.dll"), "run",
            "--posts", PostsFile, "--credentials", credentialsFile,
            "--broker", _broker!.Host + ":" + _broker.Port.ToString(CultureInfo.InvariantCulture),
            "--state-dir", _directory.File("posts"), "--control-port", _controlPort.ToString(CultureInfo.InvariantCulture),
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
                    var posts = await _control.GetFromJsonAsync<List<VirtualPost>>(ControlUrl("/posts"), Json);
                    return posts!.Count == count && posts.All(p => p.Connected && p.Beacon == "Idle");
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Deadline,
            "all virtual posts are connected and idle");
    }

    private static List<string> ReadPostIds()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PostsFile));
        return [.. document.RootElement.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }
}

/// <summary>What the simulator's control endpoint says about a virtual post.</summary>
public sealed record VirtualPost(string Id, string Beacon, bool Connected, int PendingAlarms, long LastAlarmId);
