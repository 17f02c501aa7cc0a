namespace SosPost.NanoClr;

/// <summary>How a case ended, as nanoFramework's UnitTestLauncher printed it.</summary>
public enum NanoTestOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One "Test passed|failed|skipped,{class full name}.{method}.{index},{ticks or message}" line.</summary>
public sealed record NanoTestLine(NanoTestOutcome Outcome, string CaseName, string Detail);

/// <summary>
/// The nano tests (tests/SosPost.Firmware.NanoTests) built for nanoFramework and run on nanoCLR with the real
/// TestFramework and UnitTestLauncher. The verdict is read from the launcher's lines, never from the exit code.
/// </summary>
public sealed class NanoTestRun
{
    private NanoTestRun(NanoClrOutput output, IReadOnlyList<NanoAssembly> deployed)
    {
        Output = output;
        Deployed = deployed;
        Lines = [.. output.Lines.Select(Parse).OfType<NanoTestLine>()];
    }

    public NanoClrOutput Output { get; }

    /// <summary>The .pe files loaded, in order.</summary>
    public IReadOnlyList<NanoAssembly> Deployed { get; }

    public IReadOnlyList<NanoTestLine> Lines { get; }

    /// <summary>Builds Protocol, Firmware.Core and the nano tests under <paramref name="workFolder"/> and runs them.</summary>
    public static async Task<NanoTestRun> BuildAndRunAsync(NanoToolchain toolchain, string repositoryRoot, string workFolder, TimeSpan timeout, CancellationToken ct = default)
    {
        var builder = new NanoBuilder(toolchain, workFolder);
        await builder.BuildProjectAsync(Path.Combine(repositoryRoot, "firmware", "SosPost.Protocol", "SosPost.Protocol.nfproj"), ct);
        await builder.BuildProjectAsync(Path.Combine(repositoryRoot, "firmware", "SosPost.Firmware.Core", "SosPost.Firmware.Core.nfproj"), ct);
        await builder.BuildProjectAsync(Path.Combine(repositoryRoot, "tests", "SosPost.Firmware.NanoTests", "SosPost.Firmware.NanoTests.nfproj"), ct);
        return await RunAsync(toolchain, builder.Assemblies, timeout, ct);
    }

    /// <summary>Runs built assemblies whose last one is NFUnitTest: the launcher goes before the TestFramework, as nanoCLR needs.</summary>
    public static async Task<NanoTestRun> RunAsync(NanoToolchain toolchain, IReadOnlyList<NanoAssembly> assemblies, TimeSpan timeout, CancellationToken ct = default)
    {
        List<NanoAssembly> deployed = [.. toolchain.RuntimeAssemblies, toolchain.UnitTestLauncher, toolchain.TestFramework];
        deployed.AddRange(assemblies.Where(a => !deployed.Any(d => d.Name == a.Name)));
        var output = await NanoClrProcess.RunAsync(toolchain, deployed, timeout, ct);
        return new NanoTestRun(output, deployed);
    }

    /// <summary>The line the launcher printed for a case, or null when it printed none (a crash or hang before it).</summary>
    public NanoTestLine? Find(string caseName) => Lines.LastOrDefault(l => l.CaseName == caseName);

    private static NanoTestLine? Parse(string line)
    {
        NanoTestOutcome outcome;
        if (line.StartsWith("Test passed,", StringComparison.Ordinal))
        {
            outcome = NanoTestOutcome.Passed;
        }
        else if (line.StartsWith("Test failed,", StringComparison.Ordinal))
        {
            outcome = NanoTestOutcome.Failed;
        }
        else if (line.StartsWith("Test skipped,", StringComparison.Ordinal))
        {
            outcome = NanoTestOutcome.Skipped;
        }
        else
        {
            return null;
        }

        // The case name holds no comma; the detail (a failure message) may.
        var parts = line.Split(',', 3);
        return parts.Length < 2 ? null : new NanoTestLine(outcome, parts[1], parts.Length == 3 ? parts[2] : string.Empty);
    }
}
