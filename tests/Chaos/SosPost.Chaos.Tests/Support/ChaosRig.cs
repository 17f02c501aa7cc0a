using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests.Support;

/// <summary>How a scenario wants the product set up.</summary>
internal sealed record ChaosOptions
{
    /// <summary>Virtual posts, all in one simulator process; each gives one alarm per storm.</summary>
    public int Posts { get; init; } = 40;

    /// <summary>Posts reach the broker through a <see cref="TcpProxy"/> the test can partition.</summary>
    public bool PostsThroughProxy { get; init; }

    /// <summary>Folder of the gateway's SQLite file; a fresh temp folder when null.</summary>
    public string? DatabaseDirectory { get; init; }

    /// <summary>
    /// Dispatch retry settings for both HTTP targets: short, so that a scenario sees the whole backoff curve
    /// (ramp, cap, many capped retries) in seconds instead of the production minutes.
    /// </summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxAttempts { get; init; } = 50;
}

/// <summary>
/// The whole product as separate processes: Mosquitto (persistence on, one user per post, the SosPost ACL), the
/// gateway, a simulator with many posts, and two real HTTP receivers (the webhook and the CAP target) that
/// record every delivery with its idempotency key. It keeps a ledger of every alarm pressed, so a scenario can
/// check at the end that each one was stored and delivered to each target exactly once.
/// </summary>
internal sealed class ChaosRig : IAsyncDisposable
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    /// <summary>How long recovery may take after the fault ends: a post re-sends every 5 s, reconnects back off up to 30 s.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _directory;
    private readonly ConcurrentDictionary<AlarmKey, byte> _pressed = new();
    private volatile bool _dispatchUp = true;

    private ChaosRig(TempDirectory directory, MosquittoBroker broker, TcpProxy? proxy, WebhookReceiver webhook, WebhookReceiver cap, IReadOnlyList<string> postIds)
    {
        _directory = directory;
        Broker = broker;
        Proxy = proxy;
        Webhook = webhook;
        Cap = cap;
        PostIds = postIds;
        webhook.Respond = _ => _dispatchUp ? 200 : 503;
        cap.Respond = _ => _dispatchUp ? 200 : 503;
    }

    public MosquittoBroker Broker { get; }

    public TcpProxy? Proxy { get; }

    public WebhookReceiver Webhook { get; }

    public WebhookReceiver Cap { get; }

    public GatewayProcess Gateway { get; private set; } = null!;

    public SimulatorProcess Posts { get; private set; } = null!;

    public IReadOnlyList<string> PostIds { get; }

    /// <summary>Both receivers by the target name the gateway puts in idempotency keys.</summary>
    public IReadOnlyDictionary<string, WebhookReceiver> Targets => new Dictionary<string, WebhookReceiver>(StringComparer.Ordinal) { ["webhook"] = Webhook, ["cap"] = Cap };

    /// <summary>Every alarm a press created or joined, as (post, alarm id).</summary>
    public IReadOnlyCollection<AlarmKey> Pressed => [.. _pressed.Keys];

    /// <summary>false: both receivers answer 503 to every request (the dispatch centre is down).</summary>
    public bool DispatchUp
    {
        get => _dispatchUp;
        set => _dispatchUp = value;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ChaosRig> StartAsync(ChaosOptions? options = null)
    {
        options ??= new ChaosOptions();
        var directory = new TempDirectory();
        var postIds = Enumerable.Range(1, options.Posts).Select(i => "CHS-" + i.ToString("000", CultureInfo.InvariantCulture)).ToList();
        var credentials = postIds.ToDictionary(id => id, _ => TestSecrets.NewPassword(), StringComparer.Ordinal);
        var gatewayPassword = TestSecrets.NewPassword();
        var brokerOptions = new MosquittoBrokerOptions { Persistence = true }.AddUser("gateway", gatewayPassword);
        foreach (var (id, password) in credentials)
        {
            brokerOptions.AddUser(id, password);
        }

        var broker = await MosquittoBroker.StartAsync(brokerOptions, Ct);
        var proxy = options.PostsThroughProxy ? TcpProxy.Start(broker.Host, broker.Port) : null;
        var rig = new ChaosRig(directory, broker, proxy, await WebhookReceiver.StartAsync(), await WebhookReceiver.StartAsync(), postIds);
        try
        {
            var postsFile = directory.File("posts.json");
            await File.WriteAllTextAsync(postsFile, PostsJson(postIds), Ct);
            var credentialsFile = directory.File("credentials.json");
            await File.WriteAllTextAsync(credentialsFile, JsonSerializer.Serialize(TestKeys.Credentials(credentials)), Ct);
            var databaseDirectory = options.DatabaseDirectory ?? directory.Path;
            rig.Gateway = await GatewayProcess.StartAsync(
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Mqtt:Host"] = broker.Host,
                    ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
                    ["Mqtt:UserName"] = "gateway",
                    ["Mqtt:Password"] = gatewayPassword,
                    ["Mqtt:ClientId"] = "chaos-gateway-" + Guid.NewGuid().ToString("N")[..8],
                    ["Security:MasterKey"] = TestKeys.MasterHex, // posts sign with keys derived from it
                    ["Store:SqlitePath"] = Path.Combine(databaseDirectory, "sospost.db"),
                    ["Registry:SeedFile"] = postsFile,
                    ["Dispatch:MaxAttempts"] = options.MaxAttempts.ToString(CultureInfo.InvariantCulture),
                    ["Webhook:Url"] = rig.Webhook.Url.ToString(),
                    ["Webhook:InitialBackoff"] = options.InitialBackoff.ToString("c", CultureInfo.InvariantCulture),
                    ["Webhook:MaxBackoff"] = options.MaxBackoff.ToString("c", CultureInfo.InvariantCulture),
                    ["Cap:Url"] = rig.Cap.Url.ToString(),
                    ["Cap:InitialBackoff"] = options.InitialBackoff.ToString("c", CultureInfo.InvariantCulture),
                    ["Cap:MaxBackoff"] = options.MaxBackoff.ToString("c", CultureInfo.InvariantCulture),
                },
                Ct);
            await Eventually.WaitUntilAsync(() => rig.Gateway.MqttConnectedAsync(Ct), StartDeadline, "the gateway connects to the broker", Ct);
            var (host, port) = proxy is null ? (broker.Host, broker.Port) : (proxy.Host, proxy.Port);
            rig.Posts = await SimulatorProcess.StartAsync(postsFile, credentialsFile, host, port, directory.File("flash"), postIds.Count, Ct);
            await rig.WaitForPostsAsync(rig.PostIds, p => p.Connected && p.Beacon == "Idle", "connected and idle", StartDeadline);
            return rig;
        }
        catch (Exception e)
        {
            var diagnostics = rig.Diagnostics();
            await rig.DisposeAsync();
            throw new InvalidOperationException("The chaos rig did not start: " + e.Message + "\n" + diagnostics, e);
        }
    }

    /// <summary>Runs a scenario; on failure, the gateway's, simulator's and broker's logs go to the test output.</summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(Diagnostics());
            throw;
        }
    }

    /// <summary>Presses each post's button at once (an alarm storm) and notes the alarm each press made or joined.</summary>
    public async Task<IReadOnlyList<PostState>> PressAsync(IEnumerable<string> postIds)
    {
        var states = await Task.WhenAll(postIds.Select(id => Posts.PressAsync(id, Ct)));
        foreach (var state in states)
        {
            Assert.True(state.LastAlarmId > 0, state.Id + " made no alarm on a press: " + state);
            _pressed.TryAdd(new AlarmKey(state.Id, state.LastAlarmId), 0);
        }

        return states;
    }

    public async Task WaitForPostsAsync(IEnumerable<string> postIds, Func<PostState, bool> condition, string what, TimeSpan? deadline = null)
    {
        var wanted = postIds.ToHashSet(StringComparer.Ordinal);
        List<PostState> missing = [];
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    missing = [.. (await Posts.PostsAsync(Ct)).Where(p => wanted.Contains(p.Id) && !condition(p))];
                    return missing.Count == 0;
                },
                deadline ?? Deadline,
                wanted.Count.ToString(CultureInfo.InvariantCulture) + " posts are " + what,
                Ct);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + " Not yet: " + string.Join(", ", missing.Take(10)), e);
        }
    }

    /// <summary>Alarms the gateway has stored (test alarms left out), by (post, alarm id).</summary>
    public async Task<IReadOnlyList<StoredAlarm>> StoredAsync() =>
        [.. (await Gateway.AlarmsAsync(Ct)).Where(a => !a.Test)];

    /// <summary>Waits until every pressed alarm is stored, confirmed to its post, and accepted (2xx) by every target.</summary>
    public async Task WaitUntilEveryAlarmArrivesAsync()
    {
        var pressed = Pressed.ToHashSet();
        var postIds = pressed.Select(a => a.PostId).Distinct(StringComparer.Ordinal).ToList();
        await Eventually.WaitUntilAsync(
            async () => (await StoredAsync()).Select(a => new AlarmKey(a.PostId, a.AlarmId)).ToHashSet().IsSupersetOf(pressed),
            Deadline,
            "the gateway has stored all " + pressed.Count.ToString(CultureInfo.InvariantCulture) + " pressed alarms",
            Ct);
        await WaitForPostsAsync(postIds, p => p.PendingAlarms == 0 && p.Beacon != "Sending", "told their alarm was received (nothing pending, not Sending)");
        foreach (var (target, receiver) in Targets)
        {
            await Eventually.WaitUntilAsync(
                () => Accepted(receiver).Keys.ToHashSet().IsSupersetOf(pressed),
                Deadline,
                "the " + target + " receiver has accepted all " + pressed.Count.ToString(CultureInfo.InvariantCulture) + " alarms",
                Ct);
        }
    }

    /// <summary>Waits until the gateway has recorded every delivery of its stored alarms as delivered.</summary>
    public Task WaitUntilDeliveriesRecordedAsync() =>
        Eventually.WaitUntilAsync(
            async () => (await StoredAsync()).SelectMany(a => a.Deliveries).All(d => d.Status == "delivered"),
            Deadline,
            "the gateway has recorded every delivery so far",
            Ct);

    /// <summary>
    /// Prints "scenario: sent N, stored N, delivered webhook N cap N, duplicates webhook N cap N" and asserts that
    /// nothing was lost (every pressed alarm stored once and accepted by every target) and that no target accepted
    /// an idempotency key twice.
    /// </summary>
    public async Task<Tally> AssertNothingLostAndNoDuplicatesAsync(string scenario)
    {
        var pressed = Pressed.ToHashSet();
        var stored = await StoredAsync();
        var storedKeys = stored.Select(a => new AlarmKey(a.PostId, a.AlarmId)).ToList();
        var tally = new Tally(
            scenario,
            pressed.Count,
            storedKeys.Count,
            Targets.ToDictionary(t => t.Key, t => Accepted(t.Value).Count, StringComparer.Ordinal),
            Targets.ToDictionary(t => t.Key, t => Accepted(t.Value).Values.Sum(n => n - 1), StringComparer.Ordinal),
            Targets.ToDictionary(t => t.Key, t => t.Value.Requests.Count, StringComparer.Ordinal));
        TestContext.Current.SendDiagnosticMessage("{0}", tally.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(tally.ToString());

        Assert.Equal(storedKeys.Count, storedKeys.Distinct().Count());
        Assert.Equal(pressed.OrderBy(k => k.ToString(), StringComparer.Ordinal), storedKeys.OrderBy(k => k.ToString(), StringComparer.Ordinal));
        foreach (var (target, receiver) in Targets)
        {
            var accepted = Accepted(receiver);
            Assert.True(pressed.SetEquals(accepted.Keys), $"{target}: accepted alarms differ from pressed ones; missing {string.Join(", ", pressed.Except(accepted.Keys))}; extra {string.Join(", ", accepted.Keys.Except(pressed))}");
            Assert.True(accepted.Values.All(n => n == 1), $"{target}: idempotency keys accepted more than once: {string.Join(", ", accepted.Where(a => a.Value > 1).Select(a => a.Key + " x" + a.Value.ToString(CultureInfo.InvariantCulture)))}");
        }

        Assert.DoesNotContain(stored.SelectMany(a => a.Deliveries), d => d.Status == "dead");
        return tally;
    }

    public string Diagnostics()
    {
        const int Tail = 20_000;
        static string Last(string text) => text.Length <= Tail ? text : "…" + text[^Tail..];
        return string.Join(
            "\n",
            "===== gateway log =====",
            Last(Gateway?.LogText() ?? "(not started)"),
            "===== simulator log =====",
            Last(Posts?.LogText() ?? "(not started)"),
            "===== broker log =====",
            Last(Broker.LogText()),
            "===== receivers =====",
            string.Join("\n", Targets.Select(t => $"{t.Key}: {t.Value.Requests.Count} requests, {t.Value.Requests.Count(r => r.AnsweredStatus is >= 200 and < 300)} accepted")));
    }

    public async ValueTask DisposeAsync()
    {
        if (Posts is not null)
        {
            await Posts.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await Webhook.DisposeAsync();
        await Cap.DisposeAsync();
        await Broker.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Requests a receiver answered with 2xx, counted per alarm (the key is "{postId}/{alarmId}/{target}").</summary>
    public static Dictionary<AlarmKey, int> Accepted(WebhookReceiver receiver) =>
        receiver.Requests
            .Where(r => r.AnsweredStatus is >= 200 and < 300)
            .GroupBy(r => AlarmKey.FromIdempotencyKey(r.IdempotencyKey))
            .ToDictionary(g => g.Key, g => g.Count());

    internal static string PostsJson(IEnumerable<string> postIds) =>
        JsonSerializer.Serialize(new
        {
            posts = postIds.Select((id, i) => new
            {
                id,
                name = "Chaos post " + id,
                latitude = 13.5 + (i * 0.001),
                longitude = 100.27 + (i * 0.001),
                address = "Test street " + (i + 1).ToString(CultureInfo.InvariantCulture),
                station = "Test Police Station",
            }),
        });
}

/// <summary>One citizen's alarm: the post and the id the post gave it.</summary>
internal readonly record struct AlarmKey(string PostId, long AlarmId)
{
    public static AlarmKey FromIdempotencyKey(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var alarmId)
            ? new AlarmKey(parts[0], alarmId)
            : throw new FormatException("Unexpected idempotency key '" + key + "'.");
    }

    public override string ToString() => PostId + "/" + AlarmId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The numbers of one scenario run.</summary>
internal sealed record Tally(
    string Scenario,
    int Sent,
    int Stored,
    IReadOnlyDictionary<string, int> Delivered,
    IReadOnlyDictionary<string, int> Duplicates,
    IReadOnlyDictionary<string, int> Requests)
{
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"chaos {Scenario}: sent {Sent}, stored {Stored}, delivered {Per(Delivered)}, duplicates {Per(Duplicates)} (HTTP requests {Per(Requests)})");

    private static string Per(IReadOnlyDictionary<string, int> counts) =>
        string.Join(" ", counts.OrderByDescending(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + " " + c.Value.ToString(CultureInfo.InvariantCulture)));
}
