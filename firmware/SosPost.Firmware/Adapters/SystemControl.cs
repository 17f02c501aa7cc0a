using System;
using System.IO;
using System.Threading;
using nanoFramework.Runtime.Native;
using SosPost.Firmware.Core;
using Reasons = SosPost.Protocol.ResetReason;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// Restart and reset reason. nanoFramework exposes no reset cause on ESP32, so a deliberate restart writes
/// its reason to a small file that the next start reads and deletes; no file means the post lost power,
/// browned out or crashed natively (<see cref="Reasons.Unknown"/>). Feeding goes to the software
/// <see cref="Watchdog"/>.
/// </summary>
internal sealed class SystemControl : ISystemControl
{
    /// <summary>Where a restart leaves its reason for the next start.</summary>
    public const string ReasonPath = "I:\\sospost-reset.txt";

    // Time given to Power.OnRebootEvent handlers before the CPU reset.
    private const int RebootHandlersMs = 2000;

    // A reason that cannot be written in this time (flash stuck behind the hung thread) is given up.
    private const int ReasonWriteMs = 1000;

    private readonly ILog _log;
    private Watchdog _watchdog;

    public SystemControl(ILog log)
    {
        _log = log;
        ResetReason = ReadAndClearReason(log);
    }

    public string ResetReason { get; }

    /// <summary>Connects the watchdog this control feeds (created after this, because it restarts through it).</summary>
    public void Attach(Watchdog watchdog)
    {
        _watchdog = watchdog;
    }

    public void FeedWatchdog()
    {
        _watchdog?.Feed();
    }

    public void Restart(string reason, string detail)
    {
        _log.Error("restarting (" + reason + "): " + detail);

        // On its own thread and bounded: if the flash is what hung the post, the restart must still happen.
        var writer = new Thread(() => WriteReason(reason));
        writer.Start();
        writer.Join(ReasonWriteMs);
        Power.RebootDevice(RebootHandlersMs, RebootOption.NormalReboot);
    }

    private static void WriteReason(string reason)
    {
        try
        {
            File.WriteAllText(ReasonPath, reason);
        }
        catch (Exception)
        {
            // The next start reports "unknown": still true, just less precise.
        }
    }

    private static string ReadAndClearReason(ILog log)
    {
        try
        {
            if (!File.Exists(ReasonPath))
            {
                return Reasons.Unknown;
            }

            var reason = File.ReadAllText(ReasonPath).Trim();
            File.Delete(ReasonPath);
            return reason.Length == 0 ? Reasons.Unknown : reason;
        }
        catch (Exception e)
        {
            log.Warn("reset reason unreadable: " + e.Message);
            return Reasons.Unknown;
        }
    }
}
