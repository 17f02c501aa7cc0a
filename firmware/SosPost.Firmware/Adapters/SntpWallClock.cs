using System;
using nanoFramework.Networking;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// UTC from the device clock, which nanoFramework's native SNTP client sets (and re-syncs hourly) once the
/// network is up. There is no "synced" flag in the API, so a clock before this firmware was written is
/// taken as never set: the ESP32 starts its clock near 1970 after a power cut.
/// </summary>
internal sealed class SntpWallClock : IWallClock
{
    private static readonly DateTime EarliestValid = new DateTime(2025, 1, 1);

    private readonly string _server1;
    private readonly string _server2;

    public SntpWallClock(string server1, string server2)
    {
        _server1 = server1;
        _server2 = server2;
    }

    public bool IsSynced => DateTime.UtcNow >= EarliestValid;

    public DateTime UtcNow => DateTime.UtcNow;

    /// <summary>Points SNTP at the configured servers and asks for a sync now; call once the network is up.</summary>
    public void Start()
    {
        Sntp.Server1 = _server1;
        Sntp.Server2 = _server2;
        if (Sntp.IsStarted)
        {
            Sntp.UpdateNow();
        }
        else
        {
            Sntp.Start();
        }
    }
}
