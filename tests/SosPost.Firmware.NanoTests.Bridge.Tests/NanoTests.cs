using System.Collections.Generic;
using SosPost.Firmware.NanoTests.Bridge.Tests.Runner;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>Every case of the nanoFramework tests, as its own xunit test named after the nano class and method.</summary>
public sealed class NanoTests
{
    public static IEnumerable<TheoryDataRow<string, string, int>> Cases() => NanoTestCatalog.Rows("host");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Nano_test_passes_on_the_host(string testClass, string method, int attributeIndex)
    {
        NanoReport.Report(NanoTestCatalog.Result(testClass, method, attributeIndex), TestContext.Current.TestOutputHelper);
    }
}
