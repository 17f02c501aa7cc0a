using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SosPost.Firmware.NanoTests.Bridge.Tests.Runner;
using SosPost.NanoClr;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>
/// Every case of the nanoFramework tests on the real nanoFramework interpreter, with the real mscorlib,
/// TestFramework and UnitTestLauncher: a case passes only when the launcher printed "Test passed" for it.
/// </summary>
public sealed class NanoClrTests
{
    public static IEnumerable<TheoryDataRow<string, string, int>> Cases() => NanoTestCatalog.Rows("nanoCLR");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Nano_test_passes_on_nanoCLR(string testClass, string method, int attributeIndex)
    {
        var run = await NanoClrRuns.TestsAsync();
        var nanoCase = NanoTestCatalog.Case(testClass, method, attributeIndex);

        if (run.Find(nanoCase.LauncherName) is { Outcome: NanoTestOutcome.Skipped } skipped)
        {
            Assert.Skip(skipped.Detail);
        }

        if (Verdict(run, nanoCase.LauncherName) is { } failure)
        {
            Assert.Fail(failure);
        }
    }

    [Fact]
    public async Task NanoCLR_runs_to_the_end_and_reports_only_cases_the_host_knows()
    {
        var run = await NanoClrRuns.TestsAsync();
        var known = NanoTestCatalog.AllCases().Select(c => c.LauncherName).ToHashSet(StringComparer.Ordinal);

        Assert.True(run.Output.Finished, "nanoCLR did not reach the end of the tests.\n" + run.Output.Tail());
        var unknown = run.Lines.Select(l => l.CaseName).Where(name => !known.Contains(name)).ToList();
        Assert.True(unknown.Count == 0, "nanoCLR reported cases the host does not list:\n" + string.Join('\n', unknown));
        var repeated = run.Lines.GroupBy(l => l.CaseName).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "nanoCLR reported these cases more than once:\n" + string.Join('\n', repeated));
    }

    [Fact]
    public async Task A_failing_case_fails_and_a_case_cut_off_by_a_hang_reports_nothing()
    {
        // The sample's third case never returns: the launcher prints nothing for it or after it, and the harness
        // would exit 0 (after a crash too), so only a missing line can tell.
        var toolchain = NanoClrRuns.Toolchain();
        var builder = new NanoBuilder(toolchain, NanoClrRuns.WorkFolder("verdict-sample"));
        var sample = Path.Combine(Repository.Root, "tests", "SosPost.Firmware.NanoTests.Bridge.Tests", "NanoClrSamples", "VerdictSample.cs");
        await builder.BuildAsync("NFUnitTest", [sample], TestContext.Current.CancellationToken);

        var run = await NanoTestRun.RunAsync(toolchain, builder.Assemblies, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(NanoTestOutcome.Passed, run.Find("VerdictSample.Cases.Passes.0")?.Outcome);
        Assert.Equal(NanoTestOutcome.Failed, run.Find("VerdictSample.Cases.Fails.0")?.Outcome);
        Assert.Contains("Expected:<1>. Actual:<2>.", run.Find("VerdictSample.Cases.Fails.0")!.Detail, StringComparison.Ordinal);
        Assert.NotNull(Verdict(run, "VerdictSample.Cases.Fails.0"));
        Assert.Null(run.Find("VerdictSample.Cases.Zz_hangs.0"));
        Assert.Contains("reported nothing", Verdict(run, "VerdictSample.Cases.Zz_hangs.0"), StringComparison.Ordinal);
        Assert.True(run.Output.TimedOut);
        Assert.Null(Verdict(run, "VerdictSample.Cases.Passes.0"));
    }

    /// <summary>Why a case did not pass on nanoCLR, with the interpreter's output where it said nothing; null when it passed.</summary>
    private static string? Verdict(NanoTestRun run, string launcherName)
    {
        var line = run.Find(launcherName);
        return line switch
        {
            { Outcome: NanoTestOutcome.Passed } => null,
            { Outcome: NanoTestOutcome.Failed } => $"{launcherName} failed on nanoCLR: {line.Detail}",
            { Outcome: NanoTestOutcome.Skipped } => $"{launcherName} was skipped on nanoCLR: {line.Detail}",
            _ => $"{launcherName} reported nothing on nanoCLR (the interpreter crashed or hung before it).\n{run.Output.Tail()}",
        };
    }
}
