#nullable enable
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>
/// Writes nothing (the device has little RAM for log text), but counts warnings and errors and keeps the
/// last of each, so a test can fail on an unexpected error or check that a rejection was reported.
/// </summary>
public sealed class NullLog : ILog
{
    public int Warnings { get; private set; }

    public int Errors { get; private set; }

    public string LastWarning { get; private set; } = string.Empty;

    public string LastError { get; private set; } = string.Empty;

    public void Info(string message)
    {
    }

    public void Warn(string message)
    {
        Warnings++;
        LastWarning = message;
    }

    public void Error(string message)
    {
        Errors++;
        LastError = message;
    }
}
