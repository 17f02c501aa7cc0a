using System;
using nanoFramework.Runtime.Native;
using SosPost.Firmware.Adapters;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware;

/// <summary>
/// The post's firmware, in the order things happen: watchdog and reset reason first, then the config file
/// from flash, then the board check, then the post itself. Anything that stops the post from working shows
/// the fault beacon and stays there (feeding the watchdog), rather than restarting in a loop.
/// </summary>
public static class Program
{
    /// <summary>Reported in the post's status and heartbeats.</summary>
    public const string FirmwareVersion = "0.1.0";

    // The software watchdog restarts the post when the tick loop has not run for this long: far longer
    // than a flash write or a garbage collection, short enough that a hung post is back within a minute.
    private const int WatchdogTimeoutMs = 30000;

    public static void Main()
    {
        var log = new DebugLog();
        var system = new SystemControl(log);
        var watchdog = new Watchdog(system, WatchdogTimeoutMs);
        system.Attach(watchdog);
        watchdog.Start();

        var image = SystemInfo.TargetName;
        log.Info("SosPost firmware " + FirmwareVersion + " on image " + image + ", last reset: " + system.ResetReason);
        try
        {
            if (!ConfigFile.TryLoad(image, out var config, out var board, out var certificates, out var problem))
            {
                // The fault beacon uses the pin map of the image's own board, never the file's.
                FaultMode.Run(BoardProfiles.FindByTarget(image), image, system, log, DeviceConfig.FilePath + ": " + problem, true);
                return;
            }

            PostHost.Run(config, certificates, board, system, log);
        }
        catch (Exception e)
        {
            // A returning Main would leave a nanoFramework device idle with its outputs frozen.
            FaultMode.Run(BoardProfiles.FindByTarget(image), image, system, log, "start-up failed: " + e.Message, false);
        }
    }
}
