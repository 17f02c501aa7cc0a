using System.Text.Json.Nodes;
using SosPost.Bench.Report;
using SosPost.NanoClr;

namespace SosPost.Bench.Nano;

/// <summary>
/// What the post costs the device, measured on the real nanoFramework interpreter (../shared/nanoclr): the .pe
/// sizes it deploys against the ESP32's deployment area, its managed heap idle and through the story, whether an
/// idle tick keeps anything, and its tick time against .NET. docs/performance.md, "The post on nanoCLR".
/// </summary>
internal static class NanoBench
{
    public static async Task<JsonObject> RunAsync(BenchSettings settings, Table table)
    {
        var toolchain = NanoToolchain.Find(out var missing);
        if (toolchain is null)
        {
            Console.Error.WriteLine($"nano: skipped, it needs ../shared/nanoclr: {missing}");
            table.Row("nano", "SKIPPED (needs ../shared/nanoclr)", missing);
            return new JsonObject { ["skipped"] = missing };
        }

        var work = Path.Combine(settings.WorkDirectory, "nano");
        return new JsonObject
        {
            ["sizes"] = await DeploySizes.MeasureAsync(toolchain, settings.RepoRoot, Path.Combine(work, "sizes"), table),
            ["probe"] = await HeapProbeRun.RunAsync(toolchain, settings, Path.Combine(work, "probe"), table),
        };
    }
}
