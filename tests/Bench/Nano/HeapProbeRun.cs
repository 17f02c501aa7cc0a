using System.Globalization;
using System.Text.Json.Nodes;
using SosPost.Bench.PostProbe;
using SosPost.Bench.Report;
using SosPost.Firmware.NanoTests.Simulators;
using SosPost.Firmware.NanoTests.Support;
using SosPost.NanoClr;
using SosPost.NanoReference.Projects;

namespace SosPost.Bench.Nano;

/// <summary>
/// Builds PostProbe/HeapProbe.cs with the nano tests' bench, simulators and story for nanoFramework (Release, as the
/// post deploys), runs it on nanoCLR, and times the same ticks on .NET in this process.
/// </summary>
internal static class HeapProbeRun
{
    private const string StoryFile = "PostStoryTests.cs";

    public static async Task<JsonObject> RunAsync(NanoToolchain toolchain, BenchSettings settings, string workFolder, Table table, CancellationToken ct = default)
    {
        var ticks = Math.Min(settings.Int("nano-ticks", 1000, TickTimer.MaxIdleTicks), TickTimer.MaxIdleTicks);
        var repeats = settings.Int("nano-repeats", 1, 3);
        const int IdleTicks = 1000;

        var nanoTests = Path.Combine(settings.RepoRoot, "tests", "SosPost.Firmware.NanoTests");
        var testProject = ProjectFiles.Read(Path.Combine(nanoTests, "SosPost.Firmware.NanoTests.nfproj"));
        var sources = testProject.CompileItems.Select(i => i.FullPath)
            .Where(path => Path.GetRelativePath(nanoTests, path).Replace('\\', '/') is var relative
                && (relative.StartsWith("Support/", StringComparison.Ordinal) || relative.StartsWith("Simulators/", StringComparison.Ordinal) || relative == StoryFile))
            .ToList();
        Directory.CreateDirectory(workFolder);
        var settingsFile = Path.Combine(workFolder, "ProbeSettings.cs");
        await File.WriteAllTextAsync(settingsFile, $$"""
            namespace SosPost.Bench.PostProbe;

            internal static class ProbeSettings
            {
                public const int IdleTicks = {{IdleTicks}};
                public const int TimedTicks = {{ticks}};
                public const int Repeats = {{repeats}};
            }
            """, ct);
        var probeFolder = Path.Combine(settings.RepoRoot, "tests", "Bench", "PostProbe");
        sources.AddRange([Path.Combine(probeFolder, "TickTimer.cs"), Path.Combine(probeFolder, "HeapProbe.cs"), settingsFile]);

        var builder = new NanoBuilder(toolchain, workFolder, NanoConfiguration.Release);
        await builder.BuildProjectAsync(Path.Combine(settings.RepoRoot, "firmware", "SosPost.Protocol", "SosPost.Protocol.nfproj"), ct);
        await builder.BuildProjectAsync(Path.Combine(settings.RepoRoot, "firmware", "SosPost.Firmware.Core", "SosPost.Firmware.Core.nfproj"), ct);
        await builder.BuildAsync("SosPost.PostProbe", sources, executable: true, ct);
        Console.Error.WriteLine("nano: heap probe on nanoCLR through " + Path.Combine(nanoTests, StoryFile));
        var output = await NanoClrProcess.RunAsync(toolchain, builder.Assemblies, TimeSpan.FromMinutes(30), ct);
        var lines = output.Lines.Where(l => l.StartsWith("probe ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var result = new JsonObject { ["story"] = Path.Combine(nanoTests, StoryFile), ["ticksTimed"] = ticks, ["repeats"] = repeats };
        if (!lines.Any(l => l[1] == "done"))
        {
            table.Row("nano heap", "FAILED", "the probe did not finish on nanoCLR (see the JSON)");
            result["error"] = output.Tail();
        }

        Heap(lines, table, result);
        IdleAllocation(lines, IdleTicks, table, result);
        Timing(lines, ticks, repeats, table, result);
        return result;
    }

    private static void Heap(List<string[]> lines, Table table, JsonObject result)
    {
        var layout = lines.FirstOrDefault(l => l[1] == "layout");
        var baseline = lines.FirstOrDefault(l => l[1] == "baseline");
        if (layout is null || baseline is null)
        {
            return;
        }

        // probe layout COUNT NOFIELDS FOURFIELDS BYTES0 BYTES240: heap used by COUNT objects of each kind.
        double count = Long(layout[2]);
        var emptyObject = Long(layout[3]) / count;
        var perField = (Long(layout[4]) - Long(layout[3])) / count / 4;
        var byteArray0 = Long(layout[5]) / count;
        var perByte = (Long(layout[6]) - Long(layout[5])) / count / 240;
        var scale = Esp32.HeapBlockBytes / perField;
        table.Row("nano heap", "host layout: empty object / per field / byte[0] / per byte", $"{emptyObject:F0} / {perField:F0} / {byteArray0:F0} / {perByte:F2} B (ESP32: {Esp32.HeapBlockBytes} B per heap block, scale {scale:F2})");
        result["layout"] = new JsonObject { ["emptyObject"] = emptyObject, ["perField"] = perField, ["byteArray0"] = byteArray0, ["perByte"] = perByte, ["esp32HeapBlock"] = Esp32.HeapBlockBytes, ["scale"] = scale };
        result["baselineFree"] = Long(baseline[2]);

        // probe chapter POST TOTAL RECORDINGS OTHERS NAME...
        var chapters = new JsonArray();
        long peakPost = 0, peakTotal = 0;
        string peakAt = "";
        foreach (var chapter in lines.Where(l => l[1] == "chapter"))
        {
            var (post, total, recordings, others, name) = (Long(chapter[2]), Long(chapter[3]), Long(chapter[4]), Long(chapter[5]), string.Join(' ', chapter[6..]));
            chapters.Add(new JsonObject { ["chapter"] = name, ["postBytes"] = post, ["totalBytes"] = total, ["recordingsBytes"] = recordings, ["otherBenchesBytes"] = others, ["esp32Estimate"] = Math.Round(post * scale) });
            table.Row("nano heap", $"after {name}", $"post {post:N0} B (ESP32 ≈ {post * scale:N0} B); all in use {total:N0} B, of it recordings {recordings:N0} B, earlier benches {others:N0} B");
            peakTotal = Math.Max(peakTotal, total);
            if (post > peakPost)
            {
                (peakPost, peakAt) = (post, name);
            }
        }

        result["chapters"] = chapters;
        result["peakPostBytes"] = peakPost;
        result["peakPostChapter"] = peakAt;
        result["peakEsp32Estimate"] = Math.Round(peakPost * scale);
        result["peakAllInUseBytes"] = peakTotal;
        table.Row("nano heap", "peak post (host, upper bound) / ESP32 estimate / goal", $"{peakPost:N0} B / {peakPost * scale:N0} B / {Esp32.PeakHeapGoalBytes:N0} B (at {peakAt})");
    }

    private static void IdleAllocation(List<string[]> lines, int idleTicks, Table table, JsonObject result)
    {
        var retained = lines.FirstOrDefault(l => l[1] == "idle-retained");
        if (retained is not null)
        {
            // probe idle-retained TICKS FREE_BEFORE FREE_AFTER RECORDINGS_BEFORE RECORDINGS_AFTER
            var grown = Long(retained[3]) - Long(retained[4]);
            var recorded = Long(retained[6]) - Long(retained[5]);
            result["idleRetainedBytes"] = grown - recorded;
            result["idleRetainedRecordingsBytes"] = recorded;
            table.Row("nano idle", $"heap kept by {idleTicks:N0} idle ticks (nanoCLR): post / bench's recordings", $"{grown - recorded:N0} B / {recorded:N0} B");
        }

        // The same ticks on .NET: the allocation counter sees garbage too, which a full collection on nanoCLR cannot.
        // What the bench records (lamp changes) is allocated the same way again and taken off.
        var bench = TickTimer.IdlePost();
        var (changes, capacity) = (bench.Beacon.Changes.Count, bench.Beacon.Changes.Capacity);
        var published = bench.Link.Published.Count;
        var before = GC.GetAllocatedBytesForCurrentThread();
        bench.Run((long)idleTicks * PostBench.TickMs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var copies = new List<object>();
        for (var i = changes; i < bench.Beacon.Changes.Count; i++)
        {
            var change = (OutputChange)bench.Beacon.Changes[i]!;
            copies.Add(new OutputChange(change.AtMs, change.On));
        }

        if (bench.Beacon.Changes.Capacity != capacity)
        {
            copies.Add(new object[bench.Beacon.Changes.Capacity]);
        }

        var recordedDotnet = GC.GetAllocatedBytesForCurrentThread() - before - (copies.Count > 0 ? CopyListBytes(copies.Count) : 0);
        GC.KeepAlive(copies);
        result["idleAllocatedBytesDotnet"] = allocated - recordedDotnet;
        result["idleAllocatedRecordingsBytesDotnet"] = recordedDotnet;
        result["idlePublishesDuringWindow"] = bench.Link.Published.Count - published;
        table.Row("nano idle", $"bytes allocated by the same {idleTicks:N0} idle ticks (.NET): post / recordings", $"{allocated - recordedDotnet:N0} B / {recordedDotnet:N0} B");
    }

    /// <summary>What the list holding the copies itself allocated (its growth), so only the copies count.</summary>
    private static long CopyListBytes(int count)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var list = new List<object>();
        for (var i = 0; i < count; i++)
        {
            list.Add(list);
        }

        GC.KeepAlive(list);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Timing(List<string[]> lines, int ticks, int repeats, Table table, JsonObject result)
    {
        // .NET: a first run for the JIT, then the best of several (this machine is shared; the best is the least disturbed).
        TickTimer.Time(TickTimer.AlarmPost(), ticks);
        var timing = new JsonObject();
        foreach (var kind in new[] { "idle", "alarm" })
        {
            var nano = lines.Where(l => l[1] == "time" && l[2] == kind).Select(l => Long(l[4])).DefaultIfEmpty(0).Min();
            var dotnet = Enumerable.Range(0, repeats * 3).Select(_ => TickTimer.Time(kind == "idle" ? TickTimer.IdlePost() : TickTimer.AlarmPost(), ticks)).Min();
            var nanoUs = nano / 10.0 / ticks;
            var dotnetUs = dotnet / 10.0 / ticks;
            timing[kind] = new JsonObject { ["nanoClrMicroseconds"] = Json.Round(nanoUs), ["dotnetMicroseconds"] = Json.Round(dotnetUs), ["ratio"] = Json.Ratio(nanoUs, dotnetUs) };
            table.Row("nano tick", $"{kind} Tick() nanoCLR / .NET (best of runs, {ticks:N0} ticks)", $"{nanoUs:F1} / {dotnetUs:F2} µs: {Json.Ratio(nanoUs, dotnetUs):N0}×");
        }

        result["tickTime"] = timing;
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
