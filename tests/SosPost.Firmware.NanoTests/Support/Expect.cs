#nullable enable
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Support;

/// <summary>Assertions that read as a technician would say them, with messages that name states, not numbers.</summary>
public static class Expect
{
    /// <summary>Compared by name: enum ToString is not reliable on nanoFramework.</summary>
    public static void Beacon(BeaconState expected, PostBench bench)
    {
        Assert.AreEqual(BeaconPattern.NameOf(expected), BeaconPattern.NameOf(bench.Core.Beacon), "beacon state");
    }

    /// <summary>
    /// The beacon output, sampled at every tick from <paramref name="sinceMs"/> (when the state began) to before
    /// <paramref name="untilMs"/>, follows <paramref name="segmentsMs"/>: lit, dark, lit, ... milliseconds, one
    /// cycle starting lit, as docs/post-behaviour.md writes it (a single segment: steady on).
    /// </summary>
    public static void LampBlinks(PostBench bench, int[] segmentsMs, long sinceMs, long untilMs, string what)
    {
        var cycle = 0;
        foreach (var segment in segmentsMs)
        {
            cycle += segment;
        }

        for (var at = sinceMs; at < untilMs; at += PostBench.TickMs)
        {
            var phase = (at - sinceMs) % cycle;
            var lit = true;
            for (var i = 0; phase >= segmentsMs[i]; i++)
            {
                phase -= segmentsMs[i];
                lit = !lit;
            }

            if (bench.Beacon.LevelAt(at) != lit)
            {
                throw Wire.Failure(what + ": the lamp is " + (lit ? "dark" : "lit") + " " + (at - sinceMs) + " ms into the pattern (at " + at + " ms)");
            }
        }
    }

    /// <summary>The bench's log has no error: an error on the normal path is a bug even when the behaviour looks right.</summary>
    public static void NoErrorLogged(PostBench bench)
    {
        Assert.AreEqual(0, bench.Log.Errors, "errors logged; last: " + bench.Log.LastError);
    }
}
