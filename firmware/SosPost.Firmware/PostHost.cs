using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Threading;
using nanoFramework.Runtime.Native;
using SosPost.Firmware.Adapters;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Protocol;

namespace SosPost.Firmware;

/// <summary>
/// Builds the device adapters from the board profile, hands them to <see cref="PostCore"/> and runs its
/// tick loop. The core feeds the watchdog itself after each tick that completed.
/// </summary>
internal static class PostHost
{
    // The core is built for a tick every 10 to 20 ms.
    private const int TickMs = 20;

    // A tick that throws is logged and the next one tried; this many in a row means the post is broken.
    private const int MaxFailedTicksInARow = 50;

    private const string StoreFolder = "I:\\sospost";

    public static void Run(DeviceConfig config, BrokerCertificates certificates, BoardProfile board, ISystemControl system, ILog log)
    {
        log.Info(config.Describe() + ", config " + config.FileHash);
        if (certificates.ClientProblem != null)
        {
            // Not silent: every start says so, and the broker's log shows the post logging in with its password.
            log.Error("client certificate not used: " + certificates.ClientProblem + "; logging in with the password fallback");
        }

        var gpio = new GpioController();
        var beacon = new GpioOutput(gpio, board.Beacon);
        var statusLed = new GpioOutput(gpio, board.StatusLed);
        PostCore core;
        IClock clock;
        try
        {
            core = Build(config, certificates, board, gpio, beacon, system, log, out clock);
        }
        catch (Exception e)
        {
            // The beacon pin is open already: fault mode must use it, it could not open it a second time.
            FaultMode.Run(beacon, statusLed, SystemInfo.TargetName, system, log, "start-up failed: " + e.Message, false);
            return;
        }

        TickForever(core, clock, statusLed, system, log);
    }

    // Every adapter but the beacon and status LED, and the core on top of them.
    private static PostCore Build(
        DeviceConfig config,
        BrokerCertificates certificates,
        BoardProfile board,
        GpioController gpio,
        IDigitalOutput beacon,
        ISystemControl system,
        ILog log,
        out IClock clock)
    {
        var adc = new AdcController();
        var camera = config.CameraFitted ? new GpioOutput(gpio, board.Camera) : null;
        var button = new GpioButtonInput(gpio, board.Button, board.ButtonDebounceMs);
        var lampSense = new GpioInput(gpio, board.LampSense);
        var tamper = new GpioInput(gpio, board.Tamper);
        var mains = new AdcVoltageInput(adc, board.Mains);
        var battery = new AdcVoltageInput(adc, board.Battery);
        log.Info("inputs at start: button " + (button.IsActive ? "PRESSED" : "released")
            + ", lamp current " + (lampSense.IsActive ? "on" : "off")
            + ", cabinet " + (tamper.IsActive ? "OPEN" : "closed")
            + ", mains supply " + mains.ReadMillivolts() + " mV"
            + ", battery " + battery.ReadMillivolts() + " mV");

        var wallClock = new SntpWallClock(config.SntpServer1, config.SntpServer2);
        var network = NetworkSetup.Start(config, wallClock, log);
        clock = new UptimeClock();
        return new PostCore(config.ToPostConfig(Program.FirmwareVersion), new PostSeams
        {
            Clock = clock,
            WallClock = wallClock,
            Button = button,
            Beacon = beacon,
            Camera = camera,
            Link = new M2MqttLink(certificates.Logins, config.BrokerTls, certificates.Ca, certificates.Client, network.Ready, log),
            Store = new FlashKeyValueStore(StoreFolder, log),
            Log = log,
            LampSense = lampSense,
            Tamper = tamper,
            MainsVoltage = mains,
            Battery = battery,
            System = system,
            Health = new DeviceHealth(config.Network),
        });
    }

    private static void TickForever(PostCore core, IClock clock, IDigitalOutput statusLed, ISystemControl system, ILog log)
    {
        var failedInARow = 0;
        var next = clock.NowMs;
        while (true)
        {
            try
            {
                core.Tick();
                failedInARow = 0;
            }
            catch (Exception e)
            {
                // The core fed no watchdog for this tick; restart sooner than the watchdog would if it keeps failing.
                failedInARow++;
                log.Error("tick failed (" + failedInARow + " in a row): " + e.Message);
                if (failedInARow >= MaxFailedTicksInARow)
                {
                    system.Restart(ResetReason.Crash, "every tick fails: " + e.Message);
                }
            }

            var now = clock.NowMs;

            // For the technician at the cabinet: steady while connected to the broker, a short blink each second while not.
            statusLed.Set(core.IsConnected || now % 1000 < 100);

            next += TickMs;
            var wait = next - now;
            if (wait < 1)
            {
                // Running late (flash write, GC): start again from now rather than rushing to catch up.
                next = now;
                wait = 1;
            }

            Thread.Sleep((int)wait);
        }
    }
}
