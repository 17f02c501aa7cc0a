using System.Text.Json.Nodes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SosPost.Bench.Report;

namespace SosPost.Bench.Micro;

/// <summary>
/// Runs the BenchmarkDotNet classes in this process (no generated project to build, so it works offline and fast)
/// with a short job: a few warm-up and measured iterations, enough for allocations and rough ratios.
/// </summary>
internal static class MicroRunner
{
    private static double MeanOf(JsonArray results, string name) =>
        results.OfType<JsonObject>().FirstOrDefault(r => (string?)r["name"] == name)?["meanNs"]?.GetValue<double>() ?? double.NaN;

    public static JsonObject Run(BenchSettings settings, Table table)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(settings.Quick ? 1 : 3)
            .WithIterationCount(settings.Quick ? 3 : 8)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(settings.Quick ? 100 : 250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(settings.ResultsDirectory, "micro"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var results = new JsonArray();
        foreach (var type in new[] { typeof(CodecBenchmarks), typeof(MqttPacketBenchmarks), typeof(MqttPublishBenchmarks) })
        {
            var summary = BenchmarkRunner.Run(type, config);
            foreach (var report in summary.Reports)
            {
                var name = $"{type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal)}.{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}";
                var mean = report.ResultStatistics?.Mean ?? double.NaN;
                if (double.IsNaN(mean))
                {
                    table.Row("micro", name, "FAILED (see the BenchmarkDotNet log above)");
                    results.Add(new JsonObject { ["name"] = name, ["error"] = "no result" });
                    continue;
                }

                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                results.Add(new JsonObject { ["name"] = name, ["meanNs"] = Json.Round(mean), ["allocatedBytes"] = allocated });
                table.Row("micro", name, $"{mean:0.0} ns, {allocated} B allocated");
            }
        }

        // The codec against System.Text.Json doing the same job in the same run (absolute times are noise here).
        var section = new JsonObject { ["benchmarks"] = results };
        foreach (var (ours, baseline) in new[] { ("Codec.EncodeAlarm", "Codec.SystemTextJsonEncodeAlarm"), ("Codec.DecodeAlarm", "Codec.SystemTextJsonDecodeAlarm") })
        {
            var ratio = Json.Ratio(MeanOf(results, ours), MeanOf(results, baseline));
            section[$"{ours}VsSystemTextJson"] = ratio;
            table.Row("micro", $"{ours} ÷ System.Text.Json", $"{ratio:0.00}x");
        }

        return section;
    }
}
