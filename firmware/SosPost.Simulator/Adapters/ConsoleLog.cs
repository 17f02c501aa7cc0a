using SosPost.Firmware.Core;

namespace SosPost.Simulator.Adapters;

/// <summary>A post's diagnostics on stderr, prefixed with its id; info only when verbose.</summary>
internal sealed class ConsoleLog(string postId, TextWriter error, bool verbose) : ILog
{
    public void Info(string message)
    {
        if (verbose)
        {
            Write("info", message);
        }
    }

    public void Warn(string message) => Write("warn", message);

    public void Error(string message) => Write("error", message);

    private void Write(string level, string message) => error.WriteLine(postId + " " + level + ": " + message);
}
