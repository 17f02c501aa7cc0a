using System.Text.RegularExpressions;
using SosPost.Firmware.Core.Tests.Simulators;

namespace SosPost.Firmware.Core.Tests;

public sealed partial class BeaconTimingTableTests
{
    private static readonly BeaconState[] AllStates = Enum.GetValues<BeaconState>();

    [Fact]
    public void The_timing_table_in_the_docs_is_the_one_the_beacon_runs()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "post-behaviour.md"));
        foreach (var state in AllStates)
        {
            var row = Regex.Match(doc, @"^\| `" + BeaconPattern.NameOf(state) + @"` \|[^|]*\| ([^|]+) \|", RegexOptions.Multiline);
            Assert.True(row.Success, "docs/post-behaviour.md has no timing row for " + BeaconPattern.NameOf(state));
            var pattern = row.Groups[1].Value.Trim();
            Assert.Equal(BeaconPattern.Describe(state), pattern);
            AssertLampFollows(state, pattern);
        }
    }

    [Fact]
    public void Every_pair_of_states_differs_within_two_seconds()
    {
        foreach (var a in AllStates)
        {
            foreach (var b in AllStates.Where(s => s != a))
            {
                Assert.True(Enumerable.Range(0, 2000).Any(ms => BeaconPattern.IsLit(a, ms) != BeaconPattern.IsLit(b, ms)), a + " and " + b + " look alike");
            }
        }
    }

    [Fact]
    public void Fault_shows_when_the_clock_is_not_synced_even_with_a_link()
    {
        var rig = new PostRig().Online();
        rig.Run(100);
        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);

        rig.WallClock.IsSynced = false;
        rig.Run(100);

        Assert.Equal(BeaconState.Fault, rig.Core.Beacon);
    }

    [Fact]
    public void A_citizens_alarm_outranks_the_fault_pattern()
    {
        var rig = new PostRig();
        rig.WallClock.IsSynced = false;
        rig.Core.Tick();
        rig.Press();

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
    }

    // Checks IsLit against the segment list written in the doc, over three cycles.
    private static void AssertLampFollows(BeaconState state, string pattern)
    {
        if (pattern == "steady on")
        {
            Assert.All(Enumerable.Range(0, 10000), ms => Assert.True(BeaconPattern.IsLit(state, ms)));
            return;
        }

        var segments = SegmentRegex().Matches(pattern).Select(m => (Ms: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), On: m.Groups[2].Value == "on")).ToList();
        var ms = 0;
        for (var cycle = 0; cycle < 3; cycle++)
        {
            foreach (var (length, on) in segments)
            {
                for (var i = 0; i < length; i++, ms++)
                {
                    Assert.True(BeaconPattern.IsLit(state, ms) == on, BeaconPattern.NameOf(state) + " at " + ms + " ms");
                }
            }
        }
    }

    // Above the test binaries, or (built with --artifacts-path elsewhere) above this source file.
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "." })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SosPost.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"(\d+) (on|off)")]
    private static partial Regex SegmentRegex();
}
