using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

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
