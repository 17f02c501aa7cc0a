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

    /// <summary>The bench's log has no error: an error on the normal path is a bug even when the behaviour looks right.</summary>
    public static void NoErrorLogged(PostBench bench)
    {
        Assert.AreEqual(0, bench.Log.Errors, "errors logged; last: " + bench.Log.LastError);
    }
}
