using System;
using System.Device.Gpio;
using System.Threading;
using SosPost.Firmware.Adapters;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Protocol;

namespace SosPost.Firmware;

/// <summary>
/// A post that cannot work (no or bad config file, wrong board, start-up failure) shows the fault pattern
/// on its beacon and status LED so that nobody mistakes it for a working post, says why on the debug
/// channel every minute, and keeps feeding the watchdog: a restart loop would help nobody. For a config
/// problem it looks at the file again every 15 s and restarts once a valid one has been uploaded.
/// </summary>
internal static class FaultMode
{
    private const int StepMs = 20;
    private const int ReportEveryMs = 60000;
    private const int RecheckConfigEveryMs = 15000;

    /// <param name="board">The board this image runs on, or null when unknown (then only the log shows the fault).</param>
    /// <param name="recheckConfig">True when a new config file can cure the fault.</param>
    public static void Run(BoardProfile board, ISystemControl system, ILog log, string problem, bool recheckConfig)
    {
        log.Error("FAULT: " + problem);
        var beacon = TryOpen(board == null ? null : board.Beacon, log);
        var statusLed = TryOpen(board == null ? null : board.StatusLed, log);
        if (board == null)
        {
            log.Error("this firmware image matches no single board profile: the fault shows in this log only");
        }

        var start = Environment.TickCount64;
        var reportedAt = start;
        var checkedAt = start;
        while (true)
        {
            var now = Environment.TickCount64;
            var lit = BeaconPattern.IsLit(BeaconState.Fault, now - start);
            beacon?.Set(lit);
            statusLed?.Set(lit);
            system.FeedWatchdog();
            if (now - reportedAt >= ReportEveryMs)
            {
                reportedAt = now;
                log.Error("FAULT: " + problem);
            }

            if (recheckConfig && now - checkedAt >= RecheckConfigEveryMs)
            {
                checkedAt = now;
                if (ConfigFile.TryLoad(out _, out _, out _))
                {
                    system.Restart(ResetReason.Software, "a valid config file is on flash now");
                }
            }

            Thread.Sleep(StepMs);
        }
    }

    private static IDigitalOutput TryOpen(DigitalPinMap map, ILog log)
    {
        if (map == null)
        {
            return null;
        }

        try
        {
            return new GpioOutput(new GpioController(), map);
        }
        catch (Exception e)
        {
            log.Error("GPIO" + map.Pin + " cannot show the fault: " + e.Message);
            return null;
        }
    }
}
