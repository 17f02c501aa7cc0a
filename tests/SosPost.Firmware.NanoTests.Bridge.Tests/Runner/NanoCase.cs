using System;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>The four kinds of method the device's launcher runs, in the order it runs them within a class.</summary>
internal enum NanoStage
{
    Setup,
    TestMethod,
    DataRow,
    Cleanup,
}

/// <summary>
/// One call the launcher makes: a method with one of its attributes. <see cref="AttributeIndex"/> is the
/// attribute's position after Helper.RemoveTestMethodIfDataRowExists, which is how the launcher and its test
/// adapter name the case.
/// </summary>
internal sealed record NanoCase(Type TestClass, MethodInfo Method, NanoStage Stage, int AttributeIndex, object?[]? Arguments)
{
    /// <summary>The launcher's name: "{class full name}.{method}.{attribute index}".</summary>
    public string LauncherName => TestClass.FullName + "." + Method.Name + "." + AttributeIndex.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a reader sees in the test list, e.g. "BeaconTests.Lamp_is_lit(1, 99, 1)" or "ProtocolTests [Setup] Decode".</summary>
    public string DisplayName
    {
        get
        {
            var name = TestClass.Name + (Stage is NanoStage.Setup or NanoStage.Cleanup ? " [" + Stage + "] " : ".") + Method.Name;
            return Arguments == null ? name : name + "(" + string.Join(", ", Arguments.Select(Show)) + ")";
        }
    }

    public override string ToString() => DisplayName;

    private static string Show(object? value)
    {
        var text = value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        // Long JSON vectors would make the test list unreadable; the full row is in the failure message.
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}

internal enum NanoOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>How one case ended, with its OutputHelper text.</summary>
internal sealed record NanoResult(NanoCase Case, NanoOutcome Outcome, string Message, Exception? Exception, string Output);
