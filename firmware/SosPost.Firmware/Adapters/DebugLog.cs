using System;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// Diagnostics on nanoFramework's debug channel (Visual Studio's output window, or the serial port seen by
/// nanoff/Device Explorer). Console, not Debug.WriteLine: Debug calls vanish from a Release build, and a
/// post in the field runs Release. Nothing is written to flash: logging must never wear it out.
/// </summary>
internal sealed class DebugLog : ILog
{
    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    private static void Write(string level, string message)
    {
        Console.WriteLine("[" + Environment.TickCount64 + " ms] " + level + " " + message);
    }
}
