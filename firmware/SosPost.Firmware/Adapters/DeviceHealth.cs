using System;
using SosPost.Firmware.Core;
using SosPost.Protocol;
using Links = SosPost.Protocol.LinkType;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// The heartbeat's link type, signal and free memory. nanoFramework reports free memory only by running a
/// garbage collection (GC.Run returns the free bytes), so the figure is refreshed at most every 30 s. The
/// signal of the connected Wi-Fi network is not available without a scan, which would interrupt the
/// link, so it is reported as unknown.
/// </summary>
internal sealed class DeviceHealth : IPostHealth
{
    private const long RefreshMemoryEveryMs = 30000;

    private readonly string _linkType;
    private long _freeBytes;
    private long _measuredAtMs = long.MinValue;

    /// <param name="network">The config's network, a <see cref="Links"/> value.</param>
    public DeviceHealth(string network)
    {
        _linkType = network == Links.Wifi || network == Links.Ethernet ? network : Links.Unknown;
    }

    public string LinkType => _linkType;

    public int RssiDbm => HeartbeatMessage.NoRssi;

    public long FreeMemoryBytes
    {
        get
        {
            var now = Environment.TickCount64;
            if (_measuredAtMs == long.MinValue || now - _measuredAtMs >= RefreshMemoryEveryMs)
            {
                _measuredAtMs = now;
                _freeBytes = NativeGC.Run(false);
            }

            return _freeBytes;
        }
    }
}
