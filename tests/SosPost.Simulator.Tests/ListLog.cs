using SosPost.Firmware.Core;

namespace SosPost.Simulator.Tests;

internal sealed class ListLog : ILog
{
    public List<string> Entries { get; } = [];

    public void Info(string message) => Entries.Add("info: " + message);

    public void Warn(string message) => Entries.Add("warn: " + message);

    public void Error(string message) => Entries.Add("error: " + message);
}
