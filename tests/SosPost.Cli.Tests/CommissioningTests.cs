using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Cli.Tests;

/// <summary>
/// A technician's commissioning of a new post, end to end: the real Mosquitto, the real gateway on a loopback
/// port, and the new post as a virtual post (the simulator, started as <c>sospost sim run</c>) signing with its
/// own key. <c>posts import --gateway</c> puts it in the registry, <c>test</c> runs its remote self-test.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommissioningTests : IAsyncLifetime
{
    private const string PostId = "CLI-001";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TempFolder _folder = new();
    private readonly string _postPassword = TestSecrets.NewPassword();
    private readonly CancellationTokenSource _stopSimulator = new();
    private readonly TextWriter _simulatorOutput = TextWriter.Synchronized(new StringWriter());
    private MosquittoBroker _broker = null!;
    private GatewayRig _gateway = null!;
    private Task<int>? _simulator;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var gatewayPassword = TestSecrets.NewPassword();
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions().AddUser("gateway", gatewayPassword).AddUser(PostId, _postPassword), Ct);
        _gateway = new GatewayRig(new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = gatewayPassword,
        });
        await Eventually.WaitUntilAsync(GatewayConnectedAsync, Deadline, "the gateway connects to the broker", Ct);
    }

    [Fact]
    public async Task A_new_post_imported_through_the_gateway_passes_its_commissioning_self_test()
    {
        var csv = _folder.Write("district.csv", "id,name,latitude,longitude,address,station,group,camera\n"
            + PostId + ",Pier gate,13.5421,100.2790,\"Tha Chalom pier, Mahachai\",Mueang Samut Sakhon Police Station,samut-sakhon,\n");

        // A dispatcher may not change the registry; an admin may.
        var refused = await _gateway.RunAsync(TestUsers.Dispatcher, "posts", "import", csv);
        var imported = await _gateway.RunAsync(TestUsers.Admin, "posts", "import", csv);

        Assert.Equal(5, refused.ExitCode);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains("1 posts stored in the gateway's registry", imported.Output, StringComparison.Ordinal);
        var registered = Assert.Single(await GatewayPostsAsync(), p => p.GetProperty("id").GetString() == PostId);
        Assert.Equal("Tha Chalom pier, Mahachai", registered.GetProperty("address").GetString());

        StartVirtualPost();
        await Eventually.WaitUntilAsync(
            async () => _simulator!.IsCompleted
                ? throw new InvalidOperationException("the simulator stopped: " + _simulatorOutput)
                : (await GatewayPostsAsync()).Any(p => p.GetProperty("id").GetString() == PostId && p.GetProperty("online").GetBoolean()),
            Deadline,
            "the gateway sees the new post online",
            Ct);

        var test = await _gateway.RunAsync(TestUsers.Technician, "test", PostId, "--timeout", "60");

        Assert.True(test.ExitCode == 0, test.Output + test.Error);
        Assert.StartsWith($"Commissioning report: post {PostId} (Pier gate)", test.Output, StringComparison.Ordinal);
        foreach (var check in new[] { "lamp", "camera", "storage", "link round trip" })
        {
            Assert.Matches($@"(?m)^  {check}\s+PASS\s", test.Output);
        }

        Assert.Contains("  verdict: PASS", test.Output, StringComparison.Ordinal);
        Assert.Contains("self-test", test.Error, StringComparison.Ordinal); // progress goes to stderr, not into the report
    }

    [Fact]
    public async Task A_post_that_never_comes_online_for_its_test_is_exit_9_with_the_likely_causes_not_a_timeout()
    {
        var csv = _folder.Write("district.csv", "id,name,latitude,longitude,address,station\n" + PostId + ",Pier gate,13.5421,100.2790,Tha Chalom pier,Mueang\n");
        Assert.Equal(0, (await _gateway.RunAsync(TestUsers.Admin, "posts", "import", csv)).ExitCode);
        var time = new ManualTimeProvider();

        // Flashed but no application runs: no simulator, so the post never sends its online status.
        var run = _gateway.RunAsync(TestUsers.Technician, time, "test", PostId, "--timeout", "120");
        await Eventually.WaitUntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(10));
                return run.IsCompleted;
            },
            Deadline,
            "the test gives up on the post",
            Ct);
        var test = await run;

        Assert.Equal(9, test.ExitCode);
        Assert.Contains($"error: {PostId} did not come online within 120 s: its application did not start", test.Error, StringComparison.Ordinal);
        Assert.Contains("--deploy --image SosPost.Firmware.bin --address 0x1E0000", test.Error, StringComparison.Ordinal);
        Assert.Empty(test.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopSimulator.CancelAsync();
        if (_simulator is not null)
        {
            await _simulator;
        }

        await _gateway.DisposeAsync();
        await _broker.DisposeAsync();
        _stopSimulator.Dispose();
        _folder.Dispose();
    }

    /// <summary>The post as the simulator runs it: its password on the broker and its message key derived from the gateway's master key.</summary>
    private void StartVirtualPost()
    {
        var posts = _folder.Write("posts.json", $$"""{"posts":[{"id":"{{PostId}}","name":"Pier gate","latitude":13.5421,"longitude":100.279,"address":"Tha Chalom pier","station":"Mueang"}]}""");
        var credentials = _folder.Write("credentials.json", JsonSerializer.Serialize(TestKeys.Credentials(new Dictionary<string, string>(StringComparer.Ordinal) { [PostId] = _postPassword })));
        string[] args =
        [
            "sim", "run", "--posts", posts, "--credentials", credentials,
            "--broker", _broker.Host + ":" + _broker.Port.ToString(CultureInfo.InvariantCulture),
            "--state-dir", _folder.File("flash"), "--control-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ];
        _simulator = Task.Run(() => Cli.RunAsync(args, _simulatorOutput, _simulatorOutput, _ => null, _stopSimulator.Token), Ct);
    }

    private async Task<IReadOnlyList<JsonElement>> GatewayPostsAsync()
    {
        using var admin = await _gateway.LoggedInClientAsync(TestUsers.Admin);
        return await admin.GetFromJsonAsync<List<JsonElement>>("/api/posts", Json, Ct) ?? [];
    }

    private async Task<bool> GatewayConnectedAsync()
    {
        using var client = new HttpClient();
        var health = await client.GetFromJsonAsync<JsonElement>(_gateway.Url + "/health", Ct);
        return health.TryGetProperty("mqttConnected", out var connected) && connected.GetBoolean();
    }
}
