using System;
using System.Text;
using System.Threading;

namespace nanoFramework.TestFramework;

/// <summary>Text for the test log (the device writes it to its console, which the test adapter shows).</summary>
public static class OutputHelper
{
    // Host only (internal, so not API a test can call): the bridge collects the text of the test it is running,
    // per async flow, so that parallel test classes do not mix their output.
    private static readonly AsyncLocal<StringBuilder?> CaptureTarget = new();

    public static void Write(string message) => Emit(message, false);

    public static void WriteLine(string message) => Emit(message, true);

    /// <summary>Where Write/WriteLine go in this flow; null for the console.</summary>
    internal static StringBuilder? Capture
    {
        get => CaptureTarget.Value;
        set => CaptureTarget.Value = value;
    }

    private static void Emit(string message, bool newLine)
    {
        var target = CaptureTarget.Value;
        if (target == null)
        {
            if (newLine)
            {
                Console.WriteLine(message);
            }
            else
            {
                Console.Write(message);
            }

            return;
        }

        target.Append(message);
        if (newLine)
        {
            target.Append('\n');
        }
    }
}
