using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SosPost.Bench.Report;
using SosPost.Bench.Rig;

namespace SosPost.Bench.Load;

/// <summary>
/// A fleet of connected posts sending heartbeats to one gateway process: the gateway's memory and CPU per post, and
/// how long the whole fleet takes to come back after the broker restarts.
/// </summary>
internal static class FleetBench
{
    public static async Task<JsonObject> RunAsync(BenchSettings settings, Table table)
    {
        var requested = settings.Int("fleet-posts", 500, 20000);
        var heartbeatSeconds = settings.Int("fleet-heartbeat-seconds", 5, 60);
        var fdLimit = OpenFileLimit();

        // Mosquitto holds one descriptor per post (plus a few), and no process may exceed the hard limit.
        var posts = Math.Min(requested, fdLimit - 100);
        var perAgent = Math.Min(5000, fdLimit - 200);
        var agents = (posts + perAgent - 1) / perAgent;
        if (posts < requested)
        {
            Console.Error.WriteLine($"warning: open-file limit {fdLimit} allows {posts} posts on one broker, not {requested}; raise `ulimit -n`.");
        }

        var directory = Path.Combine(settings.WorkDirectory, "fleet");
        Directory.CreateDirectory(directory);
        var identities = PostIdentities.Create(posts, "FLEET");
        var gatewayPassword = Secrets.New();
        await using var broker = await BenchBroker.StartAsync(Path.Combine(directory, "broker"), identities.BrokerUsers(gatewayPassword, Secrets.New()), listeners: 4);
        var masterKey = PostSigner.NewMasterKey();
        await using var gateway = await GatewayProcess.StartAsync(directory, broker, gatewayPassword, masterKey, identities.WritePostsFile(Path.Combine(directory, "posts.json")), webhook: null);
        await Task.Delay(TimeSpan.FromSeconds(3)); // let start-up work settle
        var idle = gateway.Sample();

        var fleet = new List<Agent>();
        var connectClock = Stopwatch.StartNew();
        for (var a = 0; a < agents; a++)
        {
            var slice = identities.Ids.Skip(a * perAgent).Take(perAgent).ToDictionary(id => id, id => identities.Passwords[id], StringComparer.Ordinal);
            var file = Path.Combine(directory, $"agent-{a}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(slice));
            fleet.Add(Agent.Start(broker, file, masterKey, heartbeatSeconds, directory, a));
        }

        try
        {
            await WaitAsync(() => fleet.Sum(f => f.Connected) >= posts, TimeSpan.FromMinutes(5), "the fleet connects", fleet);
            var connectSeconds = connectClock.Elapsed.TotalSeconds;

            // One full heartbeat round so every post has been heard, then a steady window of another round.
            await Task.Delay(TimeSpan.FromSeconds(heartbeatSeconds + 2));
            var steadyStart = gateway.Sample();
            await Task.Delay(TimeSpan.FromSeconds(heartbeatSeconds * 2));
            var steadyEnd = gateway.Sample();
            var steadyWall = Stopwatch.GetElapsedTime(steadyStart.At, steadyEnd.At).TotalSeconds;
            var cpuCores = (steadyEnd.Cpu - steadyStart.Cpu).TotalSeconds / steadyWall;

            // Broker restart: clean stop (it saves the sessions), start again; until every post is back. The gateway
            // is watched at the same time, so its own return is not hidden behind the fleet's.
            var stopClock = Stopwatch.StartNew();
            await broker.StopAsync();
            var stopSeconds = stopClock.Elapsed.TotalSeconds;
            await WaitAsync(() => fleet.Sum(f => f.Connected) == 0, TimeSpan.FromSeconds(120), "the posts notice the broker is gone", fleet);
            var noticedSeconds = stopClock.Elapsed.TotalSeconds;
            await broker.LaunchAsync();
            var upAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var downSeconds = stopClock.Elapsed.TotalSeconds;
            var gatewayBack = WatchGatewayAsync(gateway, upAt);
            var milestones = new JsonObject();
            var clock = Stopwatch.StartNew();
            foreach (var share in new[] { 0.5, 0.9, 0.99 })
            {
                await WaitAsync(() => fleet.Sum(f => f.Connected) >= posts * share, TimeSpan.FromMinutes(5), $"{share:P0} of the fleet reconnects", fleet);
                milestones[$"{share * 100:0}%"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            }

            await WaitAsync(() => fleet.Sum(f => f.Connected) >= posts, TimeSpan.FromMinutes(5), "the fleet reconnects", fleet);
            var lastBack = fleet.Max(f => f.LastChangeUnixMs);
            var reconnectSeconds = (lastBack - upAt) / 1000.0;
            milestones["100%"] = Math.Round(reconnectSeconds, 2);
            var gatewayBackSeconds = await gatewayBack;

            var perPostKb = steadyEnd.RssBytes / 1024.0 / posts;
            var deltaPerPostKb = (steadyEnd.RssBytes - idle.RssBytes) / 1024.0 / posts;
            var section = new JsonObject
            {
                ["posts"] = posts,
                ["requestedPosts"] = requested,
                ["openFileLimit"] = fdLimit,
                ["agentProcesses"] = agents,
                ["heartbeatSeconds"] = heartbeatSeconds,
                ["connectSeconds"] = Math.Round(connectSeconds, 2),
                ["gatewayRssIdleMb"] = Math.Round(idle.RssBytes / 1048576.0, 1),
                ["gatewayRssFleetMb"] = Math.Round(steadyEnd.RssBytes / 1048576.0, 1),
                ["gatewayKbPerPostTotal"] = Math.Round(perPostKb, 2),
                ["gatewayKbPerPostDelta"] = Math.Round(deltaPerPostKb, 2),
                ["gatewayCpuCoresSteady"] = Math.Round(cpuCores, 3),
                ["gatewayCpuMicrosecondsPerPostPerSecond"] = Math.Round(cpuCores * 1e6 / posts, 2),
                ["brokerStopSeconds"] = Math.Round(stopSeconds, 2),
                ["allPostsNoticedSeconds"] = Math.Round(noticedSeconds, 2),
                ["brokerDownSeconds"] = Math.Round(downSeconds, 2),
                ["reconnectMilestonesSeconds"] = milestones,
                ["reconnectAllSeconds"] = Math.Round(reconnectSeconds, 2),
                ["gatewayReconnectedSeconds"] = Math.Round(gatewayBackSeconds, 2),
                ["goal20KbPerPost"] = new JsonObject { ["goal"] = 20, ["measured"] = Math.Round(perPostKb, 2), ["met"] = perPostKb <= 20, ["atFullSize"] = posts >= 20000 },
            };
            table.Row($"fleet {posts} posts", "gateway RSS idle → with fleet", $"{section["gatewayRssIdleMb"]} → {section["gatewayRssFleetMb"]} MB");
            table.Row($"fleet {posts} posts", "gateway KB per post (total / added)", $"{perPostKb:0.0} / {deltaPerPostKb:0.0} KB");
            table.Row($"fleet {posts} posts", $"gateway CPU, heartbeat every {heartbeatSeconds} s", $"{cpuCores:0.000} cores ({cpuCores * 1e6 / posts:0.0} µs per post per s)");
            table.Row($"fleet {posts} posts", "connect whole fleet", $"{connectSeconds:0.0} s");
            table.Row($"fleet {posts} posts", "broker stop → restarted", $"{downSeconds:0.0} s (clean stop {stopSeconds:0.0} s)");
            table.Row($"fleet {posts} posts", "restart → 50% / 90% / 99% / all posts back", $"{milestones["50%"]} / {milestones["90%"]} / {milestones["99%"]} / {reconnectSeconds:0.0} s");
            table.Row($"fleet {posts} posts", "restart → gateway back", $"{gatewayBackSeconds:0.0} s");
            return section;
        }
        finally
        {
            foreach (var agent in fleet)
            {
                agent.Dispose();
            }
        }
    }

    /// <summary>Seconds from <paramref name="upAt"/> until the gateway's /health says it is connected again.</summary>
    private static async Task<double> WatchGatewayAsync(GatewayProcess gateway, long upAt)
    {
        var clock = Stopwatch.StartNew();
        while (!await gateway.IsConnectedAsync() && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        return (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - upAt) / 1000.0;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan deadline, string what, List<Agent> fleet)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline || fleet.Any(f => f.HasExited))
            {
                throw new TimeoutException($"Gave up waiting until {what} after {clock.Elapsed.TotalSeconds:0} s ({fleet.Sum(f => f.Connected)} posts connected).");
            }

            await Task.Delay(100);
        }
    }

    private static int OpenFileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? 1 << 20 : int.Parse(soft, CultureInfo.InvariantCulture);
    }

    /// <summary>One fleet-agent child process and what it last reported.</summary>
    private sealed class Agent : IDisposable
    {
        private readonly Process _process;

        private Agent(Process process) => _process = process;

        public int Connected { get; private set; }

        public long LastChangeUnixMs { get; private set; }

        public bool HasExited => _process.HasExited;

        public static Agent Start(BenchBroker broker, string credentials, string masterKey, int heartbeatSeconds, string directory, int number)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "SosPost.Bench.dll");
            var log = Path.Combine(directory, $"agent-{number}.log");
            var start = new ProcessStartInfo("/bin/sh", ["-c",
                $"exec dotnet \"{dll}\" fleet-agent --host {broker.Host} --ports {string.Join(',', broker.Ports)} --credentials \"{credentials}\" --heartbeat-seconds {heartbeatSeconds} 2>\"{log}\""])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
                Environment = { [PostSigner.MasterKeyVariable] = masterKey },
            };
            var agent = new Agent(Process.Start(start)!);
            agent._process.OutputDataReceived += (_, e) =>
            {
                var parts = e.Data?.Split(' ');
                if (parts is ["connected", var count, var at])
                {
                    agent.LastChangeUnixMs = long.Parse(at, CultureInfo.InvariantCulture);
                    agent.Connected = int.Parse(count, CultureInfo.InvariantCulture);
                }
            };
            agent._process.BeginOutputReadLine();
            return agent;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
