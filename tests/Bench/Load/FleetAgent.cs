using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SosPost.Bench.Rig;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Bench.Load;

/// <summary>
/// One process of the virtual fleet (<c>fleet-agent</c>): a light post per MQTT connection, as on the device: its own
/// user, persistent session, every message signed with its own key and counter, retained offline will, retained online status on every connect, its three
/// subscriptions, and a QoS 0 heartbeat every interval (spread over the interval). No PostCore: the fleet measures
/// what holding connections costs the gateway, not alarm handling. Reports "connected &lt;n&gt; &lt;unix ms of the last
/// change&gt;" on stdout whenever the count changes.
/// </summary>
internal static class FleetAgent
{
    private static int _connected;
    private static long _lastChangeUnixMs;

    private static readonly Dictionary<string, PostSigner> Signers = new(StringComparer.Ordinal);

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> values)
    {
        var host = values["host"];
        var ports = values["ports"].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var credentials = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(values["credentials"]))!;
        var heartbeat = TimeSpan.FromSeconds(double.Parse(values["heartbeat-seconds"], CultureInfo.InvariantCulture));
        var masterKey = PostSigner.ParseMasterKey(Environment.GetEnvironmentVariable(PostSigner.MasterKeyVariable) ?? string.Empty);
        var clients = new List<(string Id, MqttClient Client, TimeSpan Offset)>();
        var index = 0;
        foreach (var (id, password) in credentials.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var signer = new PostSigner(masterKey, id);
            Signers[id] = signer;
            var client = new MqttClient(new MqttClientOptions
            {
                Host = host,
                Port = ports[index % ports.Length],
                ClientId = id,
                UserName = id,
                Password = password,
                CleanSession = false,
                KeepAlive = TimeSpan.FromSeconds(60),
                ConnectTimeout = TimeSpan.FromSeconds(20),
                MaxInFlight = 4,
                LastWill = new MqttLastWill(Topics.Status(id), signer.Sign(Topics.Status(id), PayloadCodec.Encode(new StatusMessage { Online = false }))),
            });
            var postId = id;
            client.ConnectionChanged += connected => OnConnectionChanged(client, postId, connected);
            clients.Add((id, client, heartbeat * Random.Shared.NextDouble()));
            index++;
        }

        var reporter = Task.Run(ReportAsync);
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, ct) =>
        {
            while (true)
            {
                try
                {
                    await c.Client.ConnectAsync(ct);
                    break;
                }
                catch (MqttConnectException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 + Random.Shared.Next(800)), ct);
                }
            }

            await c.Client.SubscribeAsync(Topics.AlarmState(c.Id), MqttQos.AtLeastOnce, ct);
            await c.Client.SubscribeAsync(Topics.EventAck(c.Id), MqttQos.AtLeastOnce, ct);
            await c.Client.SubscribeAsync(Topics.Command(c.Id), MqttQos.AtLeastOnce, ct);
        });

        // Heartbeats: each post at its own offset within the interval, so the gateway sees a steady stream.
        var started = Stopwatch.GetTimestamp();
        var next = clients.Select(c => c.Offset).ToArray();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync())
        {
            var now = Stopwatch.GetElapsedTime(started);
            for (var i = 0; i < clients.Count; i++)
            {
                if (next[i] <= now)
                {
                    next[i] += heartbeat;
                    _ = SendHeartbeatAsync(clients[i].Client, clients[i].Id);
                }
            }

            if (reporter.IsCompleted)
            {
                return 1;
            }
        }

        return 0;
    }

    private static void OnConnectionChanged(MqttClient client, string id, bool connected)
    {
        Interlocked.Add(ref _connected, connected ? 1 : -1);
        Interlocked.Exchange(ref _lastChangeUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (connected)
        {
            // The post's birth message, as the firmware sends after every connect.
            var online = PayloadCodec.Encode(new StatusMessage { Online = true, Firmware = "bench", ConfigHash = "0badc0de", UptimeMs = Environment.TickCount64 });
            _ = client.PublishAsync(Topics.Status(id), Signers[id].Sign(Topics.Status(id), online), MqttQos.AtLeastOnce, retain: true).ContinueWith(
                t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static async Task SendHeartbeatAsync(MqttClient client, string id)
    {
        if (!client.IsConnected)
        {
            return;
        }

        var payload = PayloadCodec.Encode(new HeartbeatMessage
        {
            UptimeMs = Environment.TickCount64,
            Firmware = "bench",
            ConfigHash = "0badc0de",
            Link = LinkType.Ethernet,
            MainsPresent = true,
            BatteryMv = 13200,
            Lamp = LampHealth.Ok,
            FreeMemoryBytes = 81920,
            LastReset = ResetReason.PowerOn,
            At = DateTime.UtcNow,
        });
        try
        {
            await client.PublishAsync(Topics.Heartbeat(id), Signers[id].Sign(Topics.Heartbeat(id), payload), MqttQos.AtMostOnce);
        }
        catch (MqttException)
        {
            // Lost the connection meanwhile: the next heartbeat goes out after reconnecting.
        }
    }

    private static async Task ReportAsync()
    {
        var reported = (-1, 0L);
        while (true)
        {
            var now = (Volatile.Read(ref _connected), Interlocked.Read(ref _lastChangeUnixMs));
            if (now != reported)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"connected {now.Item1} {now.Item2}"));
                await Console.Out.FlushAsync();
                reported = now;
            }

            await Task.Delay(200);
        }
    }
}
