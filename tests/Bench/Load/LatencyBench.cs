using System.Diagnostics;
using System.Text.Json.Nodes;
using SosPost.Bench.Report;

namespace SosPost.Bench.Load;

/// <summary>
/// Press to webhook receipt (and press to "received" at the post) at fixed open-loop rates, against the raw broker
/// round trip measured right before at the same rate from the same post connections.
/// </summary>
internal static class LatencyBench
{
    public static async Task<JsonObject> RunAsync(BenchSettings settings, Table table)
    {
        var posts = settings.Int("latency-posts", 20, 200);
        var seconds = settings.Int("latency-seconds", 3, 30);
        var section = new JsonObject { ["posts"] = posts, ["secondsPerRate"] = seconds };
        await using var rig = await AlarmRig.StartAsync(Path.Combine(settings.WorkDirectory, "latency"), posts);
        var rates = new JsonArray();
        foreach (var rate in new[] { 100, 1000 })
        {
            var count = rate * seconds;
            var warmup = count / 10;
            using var stop = new CancellationTokenSource();

            var roundTrips = LatencyStats.Of((await rig.RoundTripsAsync(count, rate, stop.Token)).Skip(warmup));

            var ledger = rig.NewLedger(count);
            var deliveredBefore = rig.Receiver.DistinctAlarms;
            await Pacer.RunAsync(count, rate, (i, due) => rig.Posts[i % rig.Posts.Count].Press(i, due, stop.Token), stop.Token);
            var clock = Stopwatch.StartNew();
            while ((ledger.AcknowledgedCount < count || rig.Receiver.DistinctAlarms - deliveredBefore < count) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            var keys = ledger.Keys();

            await stop.CancelAsync();
            var received = new List<long>();
            var delivered = new List<long>();
            for (var i = warmup; i < count; i++)
            {
                if (ledger.IsAcknowledged(i))
                {
                    received.Add(ledger.AcknowledgedAt(i) - ledger.PressedAt(i));
                }

                if (rig.Receiver.TryGetArrival(keys[i].PostId, keys[i].AlarmId, out var at))
                {
                    delivered.Add(at - ledger.PressedAt(i));
                }
            }

            var toReceived = LatencyStats.Of(received);
            var toWebhook = LatencyStats.Of(delivered);
            var result = new JsonObject
            {
                ["alarmsPerSecond"] = rate,
                ["alarms"] = count,
                ["measured"] = count - warmup,
                ["brokerRoundTripMs"] = Json.Of(roundTrips),
                ["pressToReceivedMs"] = Json.Of(toReceived),
                ["pressToWebhookMs"] = Json.Of(toWebhook),
                ["p50Ratio"] = Json.Ratio(toWebhook.P50Ms, roundTrips.P50Ms),
                ["p99Ratio"] = Json.Ratio(toWebhook.P99Ms, roundTrips.P99Ms),
                ["notAcknowledged"] = count - ledger.AcknowledgedCount,
                ["notDelivered"] = count - delivered.Count - warmup,
                ["resends"] = rig.Posts.Sum(p => p.Resends),
            };
            rates.Add(result);
            table.Row($"latency @{rate}/s", "broker round trip p50 / p99", $"{roundTrips.P50Ms:0.00} / {roundTrips.P99Ms:0.00} ms");
            table.Row($"latency @{rate}/s", "press → received p50 / p99", $"{toReceived.P50Ms:0.00} / {toReceived.P99Ms:0.00} ms");
            table.Row($"latency @{rate}/s", "press → webhook p50 / p99", $"{toWebhook.P50Ms:0.00} / {toWebhook.P99Ms:0.00} ms");
            table.Row($"latency @{rate}/s", "webhook ÷ round trip p50 / p99", $"{Json.Ratio(toWebhook.P50Ms, roundTrips.P50Ms):0.0}x / {Json.Ratio(toWebhook.P99Ms, roundTrips.P99Ms):0.0}x");
            if (rate == 100)
            {
                var ratio = Json.Ratio(toWebhook.P99Ms, roundTrips.P99Ms);
                section["goalP99Within3xAt100"] = new JsonObject { ["goal"] = 3.0, ["measured"] = ratio, ["met"] = ratio <= 3.0 };
            }
        }

        section["rates"] = rates;
        return section;
    }
}
