using System.Text.Json.Nodes;
using SosPost.Bench.Report;
using SosPost.NanoClr;
using SosPost.NanoReference;
using SosPost.NanoReference.Projects;

namespace SosPost.Bench.Nano;

/// <summary>
/// The .pe files the post deploys, built as a Release deploys them, against the ESP32's deployment area. The device
/// app references libraries nanoCLR here lacks (GPIO, Wi-Fi, MQTT, ...): it is compiled and converted against the
/// generated reference assemblies (firmware/SosPost.NanoReference), whose metadata is all the converter reads.
/// </summary>
internal static class DeploySizes
{
    public static async Task<JsonObject> MeasureAsync(NanoToolchain toolchain, string repoRoot, string workFolder, Table table, CancellationToken ct = default)
    {
        var protocolProject = Path.Combine(repoRoot, "firmware", "SosPost.Protocol", "SosPost.Protocol.nfproj");
        var coreProject = Path.Combine(repoRoot, "firmware", "SosPost.Firmware.Core", "SosPost.Firmware.Core.nfproj");
        var appProject = Path.Combine(repoRoot, "firmware", "SosPost.Firmware", "SosPost.Firmware.nfproj");

        var release = new NanoBuilder(toolchain, Path.Combine(workFolder, "release"), NanoConfiguration.Release);
        var protocol = await release.BuildProjectAsync(protocolProject, ct);
        var core = await release.BuildProjectAsync(coreProject, ct);

        // The app's build: every assembly from the reference pack (one identity per name, as the device build has).
        var packFolder = Path.Combine(workFolder, "reference-pack");
        var pack = ReferencePack.Embedded.WriteTo(packFolder)
            .Select(path => new NanoAssembly(Path.GetFileNameWithoutExtension(path), path, Path.ChangeExtension(path, ".no-pe")));
        var device = new NanoBuilder(toolchain, Path.Combine(workFolder, "device-app"), NanoConfiguration.Release, pack);
        var protocolAgain = await device.BuildProjectAsync(protocolProject, ct);
        var coreAgain = await device.BuildProjectAsync(coreProject, ct);
        var app = await device.BuildProjectAsync(appProject, ct);

        // What the device carries: the app, its project references and every Reference item of the app (packages.config
        // lists transitive ones too, docs in the .nfproj).
        var runtime = toolchain.RuntimeAssemblies.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var rows = new JsonArray();
        long measured = 0;
        var unmeasured = new List<string>();
        void Add(string name, string owner, NanoAssembly? assembly)
        {
            var bytes = assembly is not null && File.Exists(assembly.PePath) ? assembly.PeBytes : (long?)null;
            rows.Add(new JsonObject { ["assembly"] = name, ["owner"] = owner, ["peBytes"] = bytes });
            if (bytes is { } b)
            {
                measured += b;
                table.Row("nano size", $"{name}.pe ({owner})", $"{b:N0} B");
            }
            else
            {
                unmeasured.Add(name);
            }
        }

        Add(app.Name, "ours", app);
        Add(protocol.Name, "ours", protocol);
        Add(core.Name, "ours", core);
        foreach (var reference in ProjectFiles.Read(appProject).References)
        {
            Add(reference.Name, "runtime", runtime.GetValueOrDefault(reference.Name));
        }

        var notDeployed = runtime.Keys.Where(name => !ProjectFiles.Read(appProject).References.Any(r => r.Name == name)).ToList();
        var room = Esp32.DeployGoalBytes - measured;
        table.Row("nano size", "measured total / goal (¼ of 1,792 KiB)", $"{measured:N0} B / {Esp32.DeployGoalBytes:N0} B ({100.0 * measured / Esp32.DeployGoalBytes:F0} %)");
        table.Row("nano size", "room left for the unmeasured", $"{room:N0} B for {string.Join(", ", unmeasured)}");
        if (notDeployed.Count > 0)
        {
            table.Row("nano size", "not referenced by the post", string.Join(", ", notDeployed.Select(n => $"{n}.pe {runtime[n].PeBytes:N0} B")));
        }

        return new JsonObject
        {
            ["deployAreaBytes"] = Esp32.DeployAreaBytes,
            ["deployAreaSource"] = $"nf-interpreter {Esp32.InterpreterCommit} targets/ESP32/_IDF/esp32/partitions_nanoclr_4mb.csv",
            ["goalBytes"] = Esp32.DeployGoalBytes,
            ["assemblies"] = rows,
            ["measuredBytes"] = measured,
            ["unmeasured"] = new JsonArray([.. unmeasured.Select(n => (JsonNode)n)]),
            ["roomForUnmeasuredBytes"] = room,
            ["notReferenced"] = new JsonArray([.. notDeployed.Select(n => (JsonNode)n)]),
            // Built against the reference pack instead of the real libraries: equal sizes say the pack does not change a .pe.
            ["protocolPeAgainstReferencePack"] = protocolAgain.PeBytes,
            ["corePeAgainstReferencePack"] = coreAgain.PeBytes,
        };
    }
}
