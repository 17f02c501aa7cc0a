using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SosPost.Firmware.Adapters;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Protocol;

namespace SosPost.Firmware;

/// <summary>
/// Builds the device adapters from the board profile, hands them to <see cref="PostCore"/> and runs its
/// tick loop. Lamp sense, tamper and the supply voltages are read once at start for the technician; the
/// core takes them over when it gains those seams.
/// </summary>
internal static class PostHost
{
    // The core is built for a tick every 10 to 20 ms.
    private const int TickMs = 20;

    // A tick that throws is logged and the next one tried; this many in a row means the post is broken.
    private const int MaxFailedTicksInARow = 50;

    private const string StoreFolder = "I:\\sospost";

    public static void Run(DeviceConfig config, X509Certificate caCertificate, BoardProfile board, ISystemControl system, ILog log)
    {
        log.Info(config.Describe());
        var gpio = new GpioController();
        var beacon = new GpioOutput(gpio, board.Beacon);
        var statusLed = new GpioOutput(gpio, board.StatusLed);
        var camera = config.CameraFitted ? new GpioOutput(gpio, board.Camera) : null;
        var button = new GpioButtonInput(gpio, board.Button, board.ButtonDebounceMs);
        ReportInputs(gpio, board, button, log);

        var wallClock = new SntpWallClock(config.SntpServer1, config.SntpServer2);
        var network = NetworkSetup.Start(config, wallClock, log);
        var link = new M2MqttLink(config.BrokerHost, config.BrokerPort, config.BrokerTls, caCertificate, network.Ready, log);
        var clock = new UptimeClock();
        var core = new PostCore(config.ToPostConfig(Program.FirmwareVersion), new PostSeams
        {
            Clock = clock,
            WallClock = wallClock,
            Button = button,
            Beacon = beacon,
            Camera = camera,
            Link = link,
            Store = new FlashKeyValueStore(StoreFolder, log),
            Log = log,
        });

        TickForever(core, clock, statusLed, system, log);
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
            system.FeedWatchdog();

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

    // One line for the first power-on check (docs/flashing.md): every input as the post sees it.
    private static void ReportInputs(GpioController gpio, BoardProfile board, IDigitalInput button, ILog log)
    {
        var lampSense = new GpioInput(gpio, board.LampSense);
        var tamper = new GpioInput(gpio, board.Tamper);
        var adc = new AdcController();
        var mains = new AdcVoltageInput(adc, board.Mains);
        var battery = new AdcVoltageInput(adc, board.Battery);
        log.Info("inputs: button " + (button.IsActive ? "PRESSED" : "released")
            + ", lamp current " + (lampSense.IsActive ? "on" : "off")
            + ", cabinet " + (tamper.IsActive ? "OPEN" : "closed")
            + ", mains supply " + mains.ReadMillivolts() + " mV"
            + ", battery " + battery.ReadMillivolts() + " mV");
    }
}
