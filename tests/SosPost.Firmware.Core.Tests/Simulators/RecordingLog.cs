namespace SosPost.Firmware.Core.Tests.Simulators;

public sealed class RecordingLog : ILog
{
    public List<(string Level, string Message)> Entries { get; } = [];

    public void Info(string message) => Entries.Add(("info", message));

    public void Warn(string message) => Entries.Add(("warn", message));

    public void Error(string message) => Entries.Add(("error", message));

    public bool Has(string level, string fragment) =>
        Entries.Any(e => e.Level == level && e.Message.Contains(fragment, StringComparison.Ordinal));
}
