using System;
using System.Collections.Generic;
using nanoFramework.TestFramework;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Samples;

// Nano test classes that go wrong on purpose, for RunnerTests: the bridge must report each problem the way the
// device would, or more strictly. Outside the nano tests' namespace, so the catalog of nano tests ignores them.

[TestClass]
public static class FailingSample
{
    [TestMethod]
    public static void Wrong_value() => Assert.AreEqual(1, 2);

    [TestMethod]
    public static void Unexpected_exception() => throw new InvalidOperationException("the core crashed");

    [TestMethod]
    public static void Passes() => Assert.IsTrue(true);

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public static void Only_the_first_row_passes(int value) => Assert.AreEqual(1, value);
}

[TestClass]
public static class SkippedBySetupSample
{
    [Setup]
    public static void No_camera_on_this_bench() => Assert.SkipTest("no camera on this bench");

    [TestMethod]
    public static void Never_runs() => throw new InvalidOperationException("ran although Setup skipped the class");

    [Cleanup]
    public static void Never_cleans_up() => throw new InvalidOperationException("cleaned up although Setup skipped the class");
}

[TestClass]
public static class FailedSetupSample
{
    internal static int TestRuns { get; set; }

    [Setup]
    public static void Broken_setup() => Assert.IsTrue(false);

    // The device goes on after a failed (not skipped) Setup; so does the bridge.
    [TestMethod]
    public static void Still_runs() => TestRuns++;
}

/// <summary>Declared in the reverse of the order the launcher must run them.</summary>
[TestClass]
public static class OrderSample
{
    internal static List<string> Calls { get; } = [];

    [Cleanup]
    public static void Last() => Calls.Add("cleanup");

    [TestMethod]
    [DataRow("a")]
    [DataRow("b")]
    public static void Row(string name) => Calls.Add("row " + name);

    [TestMethod]
    public static void Test() => Calls.Add("test");

    [Setup]
    public static void First() => Calls.Add("setup");
}

[TestClass]
public class InstanceMethodSample
{
    [TestMethod]
    public void Instance_method()
    {
    }
}

[TestClass]
public static class DataRowMismatchSample
{
    [TestMethod]
    [DataRow(1)]
    public static void Int_row_for_a_long(long value) => Assert.AreEqual(1L, value);

    [TestMethod]
    [DataRow(1, 2)]
    public static void Two_values_for_one_parameter(int value) => Assert.AreEqual(1, value);

    [TestMethod]
    public static void Parameter_without_data_row(int value) => Assert.AreEqual(0, value);
}

[TestClass]
public static class SkipAndOutputSample
{
    [TestMethod]
    public static void Skips() => Assert.SkipTest("needs a real board");

    [TestMethod]
    public static void Writes_output()
    {
        OutputHelper.Write("lamp ");
        OutputHelper.WriteLine("on");
    }

    [TestMethod]
    public static void Derived_skip_exception_is_a_failure() => throw new NotASkip();

    private sealed class NotASkip : SkipTestException
    {
    }
}

[TestClass]
public static class CompilerAttributeSample
{
    // A string parameter under #nullable enable makes the compiler add [NullableContext] to the method.
    [TestMethod]
    [DataRow(1, "one")]
    [DataRow(2, "two")]
    public static void Rows_with_a_string(int number, string name) => Assert.AreEqual(number == 1 ? "one" : "two", name);
}
