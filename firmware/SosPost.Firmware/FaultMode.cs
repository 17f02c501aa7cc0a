using System;
using System.Device.Gpio;
using System.Threading;
using SosPost.Firmware.Adapters;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Protocol;

namespace SosPost.Firmware;

/// <summary>
/// A post that cannot work (no or bad config file, wrong board, start-up failure) runs the core's
/// <see cref="SafeFaultMode"/>: the fault pattern, here on the beacon and the status LED together, the
/// problem in the log every minute, and the watchdog fed, because a restart loop would help nobody. For a
/// config problem it also looks at the file again every 15 s and restarts once a valid one is uploaded.
/// </summary>
internal static class FaultMode
{
    private const int StepMs = 20;
    private const int RecheckConfigEveryMs = 15000;

    /// <param name="board">The board this image runs on, or null when unknown (then only the log shows the fault).</param>
    /// <param name="image">The firmware image's target name, to judge a new config file by.</param>
    /// <param name="recheckConfig">True when a new config file can cure the fault.</param>
    public static void Run(BoardProfile board, string image, ISystemControl system, ILog log, string problem, bool recheckConfig)
    {
        if (board == null)
        {
            log.Error("this firmware image matches no single board profile: the fault shows in this log only");
        }

        var beacon = TryOpen(board == null ? null : board.Beacon, log);
        var statusLed = TryOpen(board == null ? null : board.StatusLed, log);
        Run(beacon, statusLed, image, system, log, problem, recheckConfig);
    }

    /// <summary>The same, on outputs already open (a start-up that failed after opening its pins).</summary>
    public static void Run(IDigitalOutput beacon, IDigitalOutput statusLed, string image, ISystemControl system, ILog log, string problem, bool recheckConfig)
    {
        var clock = new UptimeClock();
        var fault = new SafeFaultMode(problem, clock, new BothOutputs(beacon, statusLed), system, log);
        var checkedAt = clock.NowMs;
        while (true)
        {
            fault.Tick();
            var now = clock.NowMs;
            if (recheckConfig && now - checkedAt >= RecheckConfigEveryMs)
            {
                checkedAt = now;
                // The same test the start-up makes, so a file this device cannot run never causes a restart loop.
                if (ConfigFile.TryLoad(image, out _, out _, out _, out _))
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

    // The beacon tells the street, the status LED the technician with the cabinet open: both show the fault.
    private sealed class BothOutputs : IDigitalOutput
    {
        private readonly IDigitalOutput _first;
        private readonly IDigitalOutput _second;

        public BothOutputs(IDigitalOutput first, IDigitalOutput second)
        {
            _first = first;
            _second = second;
        }

        public void Set(bool on)
        {
            _first?.Set(on);
            _second?.Set(on);
        }
    }
}
