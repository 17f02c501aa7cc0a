using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SosPost.Chaos.Tests.Support;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests;

/// <summary>
/// Two gateways share one PostgreSQL database and one shared subscription on Mosquitto; gateway A is killed with
/// SIGKILL mid-storm while it holds leased outbox rows, alarms it stored but never answered, and alarms the broker
/// had sent it but it never acknowledged. Gateway B alone must finish the job: every alarm stored once, answered
/// to its post, delivered once. The outbox lease is 5 s here (2 min in production) so the takeover fits the test.
/// </summary>
public sealed partial class HighAvailabilityTests
{
    private const int Posts = 36;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gateway_killed_mid_storm_loses_nothing_and_the_survivor_delivers_its_leased_rows_once_after_the_lease()
    {
        await using var database = await ChaosPostgres.CreateAsync(Ct);
        using var directory = new TempDirectory();
        var postIds = Enumerable.Range(1, Posts).Select(i => "CHA-" + i.ToString("000", CultureInfo.InvariantCulture)).ToList();
        var credentials = postIds.ToDictionary(id => id, _ => TestSecrets.NewPassword(), StringComparer.Ordinal);
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = TestSecrets.NewPassword(), ["b"] = TestSecrets.NewPassword() };
        var brokerOptions = new MosquittoBrokerOptions { Persistence = true, AclLines = Acl(gatewayAMayWrite: true) };
        foreach (var (name, password) in passwords.Select(p => ("gateway-" + p.Key, p.Value)).Concat(credentials.Select(c => (c.Key, c.Value))))
        {
            brokerOptions.AddUser(name, password);
        }

        await using var broker = await MosquittoBroker.StartAsync(brokerOptions, Ct);
        await using var receiver = await GatewayAwareReceiver.StartAsync();
        var postsFile = directory.File("posts.json");
        await File.WriteAllTextAsync(postsFile, ChaosRig.PostsJson(postIds), Ct);
        var credentialsFile = directory.File("credentials.json");
        await File.WriteAllTextAsync(credentialsFile, JsonSerializer.Serialize(TestKeys.Credentials(credentials)), Ct);

        await using var a = await StartGatewayAsync("a");
        await using var b = await StartGatewayAsync("b");
        await using var posts = await SimulatorProcess.StartAsync(postsFile, credentialsFile, broker.Host, broker.Port, directory.File("flash"), Posts, Ct);
        var pressed = new HashSet<AlarmKey>();
        var clock = Stopwatch.StartNew();
        var phases = new List<string>();
        void Phase(string name) => phases.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {clock.Elapsed.TotalSeconds:0.0} s"));

        try
        {
            await WaitForPostsAsync(postIds, p => p.Connected && p.Beacon == "Idle", "connected and idle");
            Phase("started");

            // 1. Both gateways work: each stores, answers and delivers part of a storm.
            await PressAsync(postIds[..12]);
            await WaitUntilEveryAlarmArrivesAsync();
            Assert.True(Recorded(a).Count > 0 && Recorded(b).Count > 0, $"both gateways store alarms from the shared subscription (A {Recorded(a).Count}, B {Recorded(b).Count})");
            Assert.True(receiver.Requests.Any(r => r.Gateway == "a") && receiver.Requests.Any(r => r.Gateway == "b"), "both gateways deliver");
            await Eventually.WaitUntilAsync(async () => (await b.AlarmsAsync(Ct)).SelectMany(x => x.Deliveries).All(d => d.Status == "delivered"), ChaosRig.Deadline, "every delivery so far is recorded", Ct);

            // A dispatcher on either gateway acknowledges an alarm the other gateway stored: its post hears "dispatched".
            var alarms = await b.AlarmsAsync(Ct);
            var storedByA = alarms.First(x => Recorded(a).Contains(new AlarmKey(x.PostId, x.AlarmId)));
            var storedByB = alarms.First(x => Recorded(b).Contains(new AlarmKey(x.PostId, x.AlarmId)));
            await b.AcknowledgeAsync(storedByA.Id, Ct);
            await a.AcknowledgeAsync(storedByB.Id, Ct);
            await WaitForPostsAsync([storedByA.PostId, storedByB.PostId], p => p.Beacon == "Dispatched", "told their alarm was dispatched");
            Phase("both delivered");

            // 2. A goes bad: the dispatch centre stalls on A's requests (A's claimed rows stay leased and undelivered)
            //    and A's answers to posts are lost (ACL: A may read but no longer write), so what A stores now is
            //    never confirmed to its post.
            receiver.Hold("a");
            broker.SetAcl(Acl(gatewayAMayWrite: false));
            await broker.ReloadAsync(Ct);
            var recordedByABefore = Recorded(a).Count;
            var storm = PressAsync(postIds[12..24]);
            await Eventually.WaitUntilAsync(() => receiver.Open.Any(r => r.Gateway == "a") && Recorded(a).Count > recordedByABefore, ChaosRig.Deadline, "A has stored alarms and is held delivering them", Ct);
            await storm;
            await WaitUntilStoredAsync(postIds[..24], "every alarm of the storm so far is stored");

            // 3. A freezes (SIGSTOP) while the storm goes on: the broker sends A its share and gets no PUBACK.
            await SignalAsync(a, "STOP");
            var frozenStorm = postIds[24..30];
            await PressAsync(frozenStorm);

            // Round robin: B gets every other message. The rest the broker sent to frozen A, which never acknowledges them.
            var storedAtKill = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    storedAtKill = (await b.AlarmsAsync(Ct)).Select(x => x.PostId).ToHashSet(StringComparer.Ordinal);
                    return frozenStorm.Count(storedAtKill.Contains) >= frozenStorm.Count / 2;
                },
                ChaosRig.Deadline,
                "B stores its half of the storm A does not see",
                Ct);
            var inFlightToA = frozenStorm.Where(id => !storedAtKill.Contains(id)).ToList();
            var heldAtKill = receiver.Open.Where(r => r.Gateway == "a").ToList();
            var storedByAUnanswered = Recorded(a).Skip(recordedByABefore).ToList();
            var killedAt = DateTimeOffset.UtcNow;
            await a.KillAsync(Ct);
            Phase("A killed");
            Assert.NotEmpty(heldAtKill);
            Assert.NotEmpty(inFlightToA); // sent by the broker to frozen A, never acknowledged
            Assert.NotEmpty(storedByAUnanswered);

            // 4. Presses go on with B alone.
            await PressAsync(postIds[30..]);
            await WaitUntilEveryAlarmArrivesAsync();
            Phase("all arrived");

            var stored = (await b.AlarmsAsync(Ct)).Where(x => !x.Test).ToList();
            var accepted = receiver.Accepted();
            var duplicates = accepted.Values.Sum(n => n - 1);
            var firstStoredBy = Recorded(a).Count + Recorded(b).Count;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"chaos two gateways, one kill -9: sent {pressed.Count}, stored {stored.Count} (first by A {Recorded(a).Count}, B {Recorded(b).Count}, log lost at the kill {stored.Count - firstStoredBy}), delivered webhook {accepted.Count}, duplicates webhook {duplicates} (HTTP requests A {receiver.Requests.Count(r => r.Gateway == "a")}, B {receiver.Requests.Count(r => r.Gateway == "b")}); at the kill A held {heldAtKill.Count} leased deliveries, {storedByAUnanswered.Count} alarms stored but unanswered, {inFlightToA.Count} in flight at the broker to A; {string.Join(", ", phases)}");
            TestContext.Current.SendDiagnosticMessage("{0}", line);
            TestContext.Current.TestOutputHelper?.WriteLine(line);

            var storedKeys = stored.Select(x => new AlarmKey(x.PostId, x.AlarmId)).ToList();
            Assert.Equal(storedKeys.Count, storedKeys.Distinct().Count());
            Assert.True(pressed.SetEquals(storedKeys), "stored alarms differ from pressed ones");
            Assert.True(pressed.SetEquals(accepted.Keys), $"delivered alarms differ from pressed ones; missing {string.Join(", ", pressed.Except(accepted.Keys))}");

            // No 2xx ever went to A while it could die (its requests were held), so the at-least-once window never opened.
            Assert.Equal(0, duplicates);

            // The receiver counts a 200 before the gateway has recorded it: wait for the records, then no row may be pending or dead.
            await Eventually.WaitUntilAsync(async () => (await b.AlarmsAsync(Ct)).SelectMany(x => x.Deliveries).All(d => d.Status == "delivered"), ChaosRig.Deadline, "B has recorded every delivery", Ct);

            // B took A's leased rows only when the lease ran out (a claim comes just before its request: 1 s slack).
            foreach (var held in heldAtKill)
            {
                var byB = receiver.Requests.Where(r => r.Gateway == "b" && r.Status == 200 && r.IdempotencyKey == held.IdempotencyKey).ToList();
                var first = Assert.Single(byB);
                Assert.True(first.At >= held.At + Lease - TimeSpan.FromSeconds(1), $"{held.IdempotencyKey}: B delivered it {first.At - held.At} after A had claimed it, before A's {Lease} lease ran out");
                Assert.True(first.At > killedAt, held.IdempotencyKey + ": delivered by B before A was killed");
            }

            // What A stored but never answered, B answered from the stored state when the post sent it again.
            var answeredAgainByB = AnsweredAgain(b);
            foreach (var key in storedByAUnanswered)
            {
                Assert.Contains(key, answeredAgainByB);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join(
                "\n",
                "===== gateway A log =====", Last(a.LogText()),
                "===== gateway B log =====", Last(b.LogText()),
                "===== simulator log =====", Last(posts.LogText()),
                "===== broker log =====", Last(broker.LogText())));
            throw;
        }

        async Task<GatewayProcess> StartGatewayAsync(string name)
        {
            var gateway = await GatewayProcess.StartAsync(
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Mqtt:Host"] = broker.Host,
                    ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
                    ["Mqtt:UserName"] = "gateway-" + name,
                    ["Mqtt:Password"] = passwords[name],
                    ["Mqtt:ClientId"] = "ha-gateway-" + name,
                    ["Security:MasterKey"] = TestKeys.MasterHex,
                    ["Store:Provider"] = "Postgres",
                    ["Store:ConnectionString"] = database.ConnectionString,
                    ["Store:OutboxLease"] = Lease.ToString("c", CultureInfo.InvariantCulture),

                    // Stores not yet in PostgreSQL stay in a SQLite file of each gateway's own.
                    ["Store:SqlitePath"] = Path.Combine(directory.Path, "sqlite-" + name + ".db"),
                    ["Registry:SeedFile"] = postsFile,
                    ["Dispatch:MaxAttempts"] = "50",
                    ["Webhook:Url"] = receiver.UrlFor(name),

                    // The lease must outlast the slowest delivery: a held request gives up before A's lease ends.
                    ["Webhook:Timeout"] = "00:00:04",
                    ["Webhook:InitialBackoff"] = "00:00:00.2",
                    ["Webhook:MaxBackoff"] = "00:00:02",
                },
                Ct);
            await Eventually.WaitUntilAsync(() => gateway.MqttConnectedAsync(Ct), ChaosRig.StartDeadline, "gateway " + name + " connects to the broker", Ct);
            return gateway;
        }

        async Task PressAsync(IEnumerable<string> ids)
        {
            var states = await Task.WhenAll(ids.Select(id => posts.PressAsync(id, Ct)));
            foreach (var state in states)
            {
                Assert.True(state.LastAlarmId > 0, state.Id + " made no alarm on a press");
                pressed.Add(new AlarmKey(state.Id, state.LastAlarmId));
            }
        }

        Task WaitForPostsAsync(IEnumerable<string> ids, Func<PostState, bool> condition, string what)
        {
            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            return Eventually.WaitUntilAsync(async () => (await posts.PostsAsync(Ct)).Where(p => wanted.Contains(p.Id)).All(condition), ChaosRig.Deadline, wanted.Count + " posts are " + what, Ct);
        }

        Task WaitUntilStoredAsync(IEnumerable<string> ids, string what)
        {
            var wanted = pressed.Where(k => ids.Contains(k.PostId)).ToHashSet();
            return Eventually.WaitUntilAsync(async () => (await b.AlarmsAsync(Ct)).Select(x => new AlarmKey(x.PostId, x.AlarmId)).ToHashSet().IsSupersetOf(wanted), ChaosRig.Deadline, what, Ct);
        }

        async Task WaitUntilEveryAlarmArrivesAsync()
        {
            var survivor = a.IsRunning ? a : b;
            await Eventually.WaitUntilAsync(
                async () => (await survivor.AlarmsAsync(Ct)).Select(x => new AlarmKey(x.PostId, x.AlarmId)).ToHashSet().IsSupersetOf(pressed),
                ChaosRig.Deadline,
                "all " + pressed.Count + " pressed alarms are stored",
                Ct);
            await WaitForPostsAsync(pressed.Select(k => k.PostId), p => p.PendingAlarms == 0 && p.Beacon != "Sending", "told their alarm was received");
            await Eventually.WaitUntilAsync(() => receiver.Accepted().Keys.ToHashSet().IsSupersetOf(pressed), ChaosRig.Deadline, "the webhook accepted all " + pressed.Count + " alarms", Ct);
        }
    }

    /// <summary>The SosPost ACL with one user per gateway; gateway A may lose its right to publish (its answers are dropped).</summary>
    private static List<string> Acl(bool gatewayAMayWrite) =>
    [
        .. MosquittoBrokerOptions.DefaultAcl.TakeWhile(line => line.Length > 0),
        string.Empty,
        "user gateway-a",
        gatewayAMayWrite ? "topic readwrite sos/v1/#" : "topic read sos/v1/#",
        string.Empty,
        "user gateway-b",
        "topic readwrite sos/v1/#",
    ];

    /// <summary>Alarms a gateway stored first, in log order.</summary>
    private static List<AlarmKey> Recorded(GatewayProcess gateway) =>
        [.. RecordedLine().Matches(gateway.LogText()).Select(m => new AlarmKey(m.Groups["post"].Value, long.Parse(m.Groups["alarm"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>Alarms a gateway found already stored when their post sent them again, and answered with the stored state.</summary>
    private static HashSet<AlarmKey> AnsweredAgain(GatewayProcess gateway) =>
        [.. SentAgainLine().Matches(gateway.LogText()).Select(m => new AlarmKey(m.Groups["post"].Value, long.Parse(m.Groups["alarm"].Value, CultureInfo.InvariantCulture)))];

    private static async Task SignalAsync(GatewayProcess gateway, string signal)
    {
        var pid = gateway.ProcessId ?? throw new InvalidOperationException("The gateway is not running.");
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(Ct);
        Assert.Equal(0, kill.ExitCode);
    }

    private static string Last(string text) => text.Length <= 20_000 ? text : "…" + text[^20_000..];

    [GeneratedRegex(@"Alarm (?<alarm>\d+) from post (?<post>\S+) recorded as")]
    private static partial Regex RecordedLine();

    [GeneratedRegex(@"Alarm (?<alarm>\d+) from post (?<post>\S+) was sent again; answered")]
    private static partial Regex SentAgainLine();
}
