using System.Globalization;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>Turns a nano result into the xunit outcome: pass, Assert.Skip, or a failure with the nano message.</summary>
internal static class NanoReport
{
    public static void Report(NanoResult result, ITestOutputHelper? output)
    {
        if (output != null && result.Output.Length > 0)
        {
            output.WriteLine(result.Output);
        }

        if (result.Outcome == NanoOutcome.Skipped)
        {
            Assert.Skip(result.Message);
        }

        var failure = FailureMessage(result);
        if (failure != null)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>The xunit failure text of a failed case (launcher name, message, data row, stack); null otherwise.</summary>
    public static string? FailureMessage(NanoResult result)
    {
        if (result.Outcome != NanoOutcome.Failed)
        {
            return null;
        }

        var arguments = result.Case.Arguments == null ? string.Empty : "\nData row: " + string.Join(", ", result.Case.Arguments);
        return string.Format(
            CultureInfo.InvariantCulture,
            "{0} failed: {1}{2}\n{3}",
            result.Case.LauncherName,
            result.Message,
            arguments,
            result.Exception?.StackTrace);
    }
}
