using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SosPost.Bench.Load;
using SosPost.Bench.Micro;
using SosPost.Bench.Nano;
using SosPost.Bench.Report;

namespace SosPost.Bench;

/// <summary>
/// scripts/bench.sh runs this: <c>SosPost.Bench [--quick] [micro] [latency] [storm] [fleet] [nano]</c> (none named: all).
/// Writes a JSON summary to .bench/results/ and prints a table; see docs/performance.md.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["fleet-agent", .. var rest])
        {
            return await FleetAgent.RunAsync(BenchSettings.Parse(rest, ".").Values);
        }

        var repoRoot = Environment.GetEnvironmentVariable("SOSPOST_REPO") ?? Directory.GetCurrentDirectory();
        var settings = BenchSettings.Parse(args, repoRoot);
        Directory.CreateDirectory(settings.ResultsDirectory);
        Directory.CreateDirectory(settings.WorkDirectory);
        var table = new Table();
        var summary = new JsonObject
        {
            ["startedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["quick"] = settings.Quick,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["loadAverageAtStart"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            },
            ["conditions"] = Environment.GetEnvironmentVariable("SOSPOST_BENCH_CONDITIONS"),
        };
        var failures = 0;
        foreach (var (name, run) in new (string, Func<Task<JsonObject>>)[]
        {
            ("micro", () => Task.FromResult(MicroRunner.Run(settings, table))),
            ("latency", () => LatencyBench.RunAsync(settings, table)),
            ("storm", () => StormBench.RunAsync(settings, table)),
            ("fleet", () => FleetBench.RunAsync(settings, table)),
            ("nano", () => NanoBench.RunAsync(settings, table)),
        })
        {
            if (!settings.Runs(name))
            {
                continue;
            }

            Console.Error.WriteLine($"==> {name}");
            try
            {
                summary[name] = await run();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.Http.HttpRequestException or Mqtt.MqttException)
            {
                failures++;
                summary[name] = new JsonObject { ["error"] = e.Message };
                table.Row(name, "FAILED", e.Message);
            }
        }

        summary["loadAverageAtEnd"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;
        var file = Path.Combine(settings.ResultsDirectory, $"bench-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}{(settings.Quick ? "-quick" : string.Empty)}.json");
        await File.WriteAllTextAsync(file, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"Summary: {file}");
        return failures == 0 ? 0 : 1;
    }
}
