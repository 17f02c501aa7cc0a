using SosPost.Testing;

namespace SosPost.NanoClr;

/// <summary>What nanoCLR printed and how it ended.</summary>
/// <param name="Lines">Standard output and error, output first.</param>
/// <param name="ExitCode">The harness's exit code: 0 even after an unhandled exception, so never a verdict on its own.</param>
/// <param name="TimedOut">True when the interpreter was still running at the deadline and was killed.</param>
public sealed record NanoClrOutput(IReadOnlyList<string> Lines, int? ExitCode, bool TimedOut)
{
    /// <summary>True when the harness reached its end ("Done.") rather than crashing or hanging.</summary>
    public bool Finished => !TimedOut && Lines.Contains("Done.");

    /// <summary>The last lines, for a failure message: where the interpreter stopped.</summary>
    public string Tail(int count = 40) =>
        $"nanoCLR {(TimedOut ? "timed out" : $"exit code {ExitCode}")}, last {Math.Min(count, Lines.Count)} of {Lines.Count} lines:\n" +
        string.Join('\n', Lines.Skip(Math.Max(0, Lines.Count - count)));
}

/// <summary>Runs assemblies on the nanoFramework interpreter.</summary>
public static class NanoClrProcess
{
    /// <summary>Loads the .pe files in order (mscorlib first, the program or NFUnitTest last) and runs them to the end or the deadline.</summary>
    public static async Task<NanoClrOutput> RunAsync(NanoToolchain toolchain, IEnumerable<NanoAssembly> assemblies, TimeSpan timeout, CancellationToken ct = default)
    {
        // The wrapper's own timeout (NANOCLR_TIMEOUT) is set past ours, so ours decides and the output is kept.
        var environment = new Dictionary<string, string?> { ["NANOCLR_TIMEOUT"] = ((int)timeout.TotalSeconds + 60).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var child = ChildProcess.Start(toolchain.Interpreter, assemblies.Select(a => a.PePath), environment: environment);
        try
        {
            var code = await child.WaitForExitAsync(timeout, ct);
            return new NanoClrOutput([.. child.OutputLines, .. Lines(child.ErrorText)], code, TimedOut: false);
        }
        catch (TimeoutException)
        {
            child.Kill();
            return new NanoClrOutput([.. child.OutputLines, .. Lines(child.ErrorText)], null, TimedOut: true);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
