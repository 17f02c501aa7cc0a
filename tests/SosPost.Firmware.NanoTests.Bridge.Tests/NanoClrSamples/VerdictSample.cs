using nanoFramework.TestFramework;

namespace VerdictSample;

/// <summary>Built for nanoCLR by NanoClrTests to show the runner's verdict can fail: a pass, a failure, a hang.</summary>
[TestClass]
public static class Cases
{
    [TestMethod]
    public static void Passes()
    {
        Assert.AreEqual(1, 1);
    }

    [TestMethod]
    public static void Fails()
    {
        Assert.AreEqual(1, 2);
    }

    // Named to run last: the launcher takes methods in declaration order, so this stays after the two above.
    [TestMethod]
    public static void Zz_hangs()
    {
        while (true)
        {
        }
    }
}
