using System.Diagnostics;
using System.Text.Json.Nodes;
using SosPost.Bench.Report;

namespace SosPost.Bench.Load;

/// <summary>
/// An alarm storm: many posts press at a high open-loop rate; how fast the gateway stores alarms, answers "received"
/// and forwards them to the webhook. The posts re-send every 5 s until answered, as real posts do.
/// </summary>
internal static class StormBench
{
    private const string StoredMetric = "sospost_intake_alarms_total";

    public static async Task<JsonObject> RunAsync(BenchSettings settings, Table table)
    {
        var posts = settings.Int("storm-posts", 50, 500);
        var count = settings.Int("storm-alarms", 2000, 25000);
        var offered = settings.Int("storm-rate", 5000, 5000);
        var timeout = TimeSpan.FromSeconds(settings.Int("storm-timeout", 60, 300));
        await using var rig = await AlarmRig.StartAsync(Path.Combine(settings.WorkDirectory, "storm"), posts);
        var ledger = rig.NewLedger(count);
        using var stop = new CancellationTokenSource();
        var samples = new List<(double Seconds, double Stored, int Acknowledged, int Forwarded)>();
        var cpuBefore = rig.Gateway.Sample();
        var clock = Stopwatch.StartNew();
        var sender = Pacer.RunAsync(count, offered, (i, due) => rig.Posts[i % rig.Posts.Count].Press(i, due, stop.Token), stop.Token);
        var lastProgress = clock.Elapsed;
        while (clock.Elapsed < timeout)
        {
            await Task.Delay(250);
            (double Seconds, double Stored, int Acknowledged, int Forwarded) sample =
                (clock.Elapsed.TotalSeconds, await rig.Gateway.MetricAsync(StoredMetric, "outcome=\"new\""), ledger.AcknowledgedCount, rig.Receiver.DistinctAlarms);
            if (samples.Count == 0 || (sample.Stored, sample.Acknowledged, sample.Forwarded) != (samples[^1].Stored, samples[^1].Acknowledged, samples[^1].Forwarded))
            {
                lastProgress = clock.Elapsed;
            }

            samples.Add(sample);
            if ((sample.Forwarded >= count && sample.Acknowledged >= count) || clock.Elapsed - lastProgress > TimeSpan.FromSeconds(30))
            {
                break;
            }
        }

        var cpuAfter = rig.Gateway.Sample();
        var repeated = await rig.Gateway.MetricAsync(StoredMetric, "outcome=\"repeated\"");
        await stop.CancelAsync();
        await sender.ContinueWith(_ => { }, TaskScheduler.Default);
        var wall = Stopwatch.GetElapsedTime(cpuBefore.At, cpuAfter.At).TotalSeconds;
        var stored = Stage(samples, count, s => s.Stored);
        var acknowledged = Stage(samples, count, s => s.Acknowledged);
        var forwarded = Stage(samples, count, s => s.Forwarded);
        var section = new JsonObject
        {
            ["posts"] = posts,
            ["alarms"] = count,
            ["offeredPerSecond"] = offered,
            ["stored"] = stored,
            ["acknowledged"] = acknowledged,
            ["forwarded"] = forwarded,
            ["resends"] = rig.Posts.Sum(p => p.Resends),

            // Every copy costs intake the same checks and a store lookup: in a storm the re-sends are most of the work.
            ["alarmMessagesHandledPerSecond"] = samples.Count == 0 ? 0 : Math.Round((samples[^1].Stored + repeated) / samples[^1].Seconds),
            ["gatewayCpuCores"] = Math.Round((cpuAfter.Cpu - cpuBefore.Cpu).TotalSeconds / wall, 2),
            ["gatewayRssMb"] = Math.Round(cpuAfter.RssBytes / 1048576.0, 1),
            ["machineCores"] = Environment.ProcessorCount,
        };
        var slowest = Math.Min(stored["sustainedPerSecond"]!.GetValue<double>(), forwarded["sustainedPerSecond"]!.GetValue<double>());
        section["goal5000PerSecond"] = new JsonObject { ["goal"] = 5000, ["measured"] = slowest, ["met"] = slowest >= 5000 };
        foreach (var (name, stage) in new[] { ("stored", stored), ("acknowledged", acknowledged), ("forwarded", forwarded) })
        {
            table.Row("storm", $"{name} per second (sustained / overall)", $"{stage["sustainedPerSecond"]} / {stage["overallPerSecond"]}  ({stage["done"]} of {count} in {stage["seconds"]} s)");
        }

        table.Row("storm", "post re-sends (no answer in 5 s)", $"{section["resends"]}");
        table.Row("storm", "alarm messages handled per second (new + re-sent copies)", $"{section["alarmMessagesHandledPerSecond"]}");
        table.Row("storm", "gateway CPU (cores busy)", $"{section["gatewayCpuCores"]} of {Environment.ProcessorCount}");
        return section;
    }

    /// <summary>Overall: done ÷ time to the last one; sustained: the rate between 10% and 90% of the alarms.</summary>
    private static JsonObject Stage(List<(double Seconds, double Stored, int Acknowledged, int Forwarded)> samples, int count, Func<(double Seconds, double Stored, int Acknowledged, int Forwarded), double> value)
    {
        var done = samples.Count == 0 ? 0 : value(samples[^1]);
        var end = samples.FirstOrDefault(s => value(s) >= done).Seconds;
        var t10 = samples.FirstOrDefault(s => value(s) >= count * 0.1);
        var t90 = samples.FirstOrDefault(s => value(s) >= count * 0.9);
        var sustained = t90.Seconds > t10.Seconds ? (value(t90) - value(t10)) / (t90.Seconds - t10.Seconds) : double.NaN;
        return new JsonObject
        {
            ["done"] = done,
            ["seconds"] = Math.Round(end, 2),
            ["overallPerSecond"] = end > 0 ? Math.Round(done / end) : 0,
            ["sustainedPerSecond"] = double.IsFinite(sustained) ? Math.Round(sustained) : 0,
        };
    }
}
