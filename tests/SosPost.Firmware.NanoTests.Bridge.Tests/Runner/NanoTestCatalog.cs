using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>
/// The nano test classes compiled into this assembly (every [TestClass] outside the bridge's own namespace),
/// and their results. Each class runs once, whole, on first demand (as on the device: [Setup] once, then
/// all cases, then [Cleanup]); every xunit case then reports its own part of that run.
/// </summary>
internal static class NanoTestCatalog
{
    private static readonly ConcurrentDictionary<Type, Lazy<IReadOnlyList<NanoResult>>> Runs = new();

    public static IReadOnlyList<Type> Classes { get; } = typeof(NanoTestCatalog).Assembly.GetTypes()
        .Where(NanoRunner.IsTestClass)
        .Where(t => !(t.Namespace ?? string.Empty).StartsWith(typeof(NanoTestCatalog).Namespace!.Replace(".Runner", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    public static IEnumerable<NanoCase> AllCases() => Classes.SelectMany(NanoRunner.Cases);

    /// <summary>Every case as an xunit row (class, method, attribute index), shown as "{runtime}: {case}".</summary>
    public static IEnumerable<TheoryDataRow<string, string, int>> Rows(string runtime) =>
        AllCases().Select(c =>
            new TheoryDataRow<string, string, int>(c.TestClass.Name, c.Method.Name, c.AttributeIndex)
                .WithTestDisplayName(runtime + ": " + c.DisplayName));

    /// <summary>The case the launcher names "{namespace}.{testClass}.{method}.{attributeIndex}".</summary>
    public static NanoCase Case(string testClass, string method, int attributeIndex) =>
        AllCases().SingleOrDefault(c => c.TestClass.Name == testClass && c.Method.Name == method && c.AttributeIndex == attributeIndex)
            ?? throw new InvalidOperationException("No case " + method + "." + attributeIndex + " in " + testClass);

    public static IReadOnlyList<NanoResult> ResultsOf(Type testClass) =>
        Runs.GetOrAdd(testClass, t => new Lazy<IReadOnlyList<NanoResult>>(() => NanoRunner.RunClass(t))).Value;

    /// <summary>
    /// The result of the case the launcher names "{namespace}.{testClass}.{method}.{attributeIndex}"; the class
    /// is given without its namespace, to keep the test list short (the names are unique).
    /// </summary>
    public static NanoResult Result(string testClass, string method, int attributeIndex)
    {
        var type = Classes.SingleOrDefault(t => t.Name == testClass)
            ?? throw new InvalidOperationException("No nano test class " + testClass);
        return ResultsOf(type).SingleOrDefault(r => r.Case.Method.Name == method && r.Case.AttributeIndex == attributeIndex)
            ?? throw new InvalidOperationException("No case " + method + "." + attributeIndex + " in " + testClass);
    }
}
