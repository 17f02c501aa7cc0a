using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Protocol;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// Brings the post's network up on a thread of its own, so the button and beacon work from the first
/// second even with the cable unplugged. Ethernet (ESP32_OLIMEX image): the image opens the interface
/// itself with DHCP; we wait for its address. Wi-Fi: WifiNetworkHelper joins the configured network and
/// stores it with automatic reconnection. Either way SNTP starts once there is an address.
/// </summary>
internal sealed class NetworkSetup
{
    private const int AttemptMs = 60000;
    private const int RetryPauseMs = 5000;

    private readonly DeviceConfig _config;
    private readonly SntpWallClock _clock;
    private readonly ILog _log;
    private readonly ManualResetEvent _ready = new ManualResetEvent(false);

    private NetworkSetup(DeviceConfig config, SntpWallClock clock, ILog log)
    {
        _config = config;
        _clock = clock;
        _log = log;
    }

    /// <summary>Set once the interface has an IPv4 address (it stays set: later drops are the link's business).</summary>
    public WaitHandle Ready => _ready;

    public static NetworkSetup Start(DeviceConfig config, SntpWallClock clock, ILog log)
    {
        var setup = new NetworkSetup(config, clock, log);
        new Thread(setup.BringUp).Start();
        return setup;
    }

    private void BringUp()
    {
        var wifi = _config.Network == LinkType.Wifi;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Connect(wifi))
                {
                    _log.Info("network up (" + _config.Network + "), address " + Address(wifi));
                    _clock.Start();
                    _ready.Set();
                    return;
                }

                var status = wifi ? WifiNetworkHelper.Status : NetworkHelper.Status;
                _log.Warn("network (" + _config.Network + ") not up after attempt " + attempt + ": " + Describe(status));
            }
            catch (Exception e)
            {
                _log.Warn("network (" + _config.Network + ") attempt " + attempt + " failed: " + e.Message);
            }

            if (!wifi)
            {
                // NetworkHelper allows one set-up at a time; Reset lets the next attempt start over.
                NetworkHelper.Reset();
            }

            // An attempt that fails at once (no interface) must not turn into a busy loop.
            Thread.Sleep(RetryPauseMs);
        }
    }

    private bool Connect(bool wifi)
    {
        using (var timeout = new CancellationTokenSource(AttemptMs))
        {
            return wifi
                ? WifiNetworkHelper.ConnectDhcp(_config.WifiSsid, _config.WifiPassword, WifiReconnectionKind.Automatic, false, 0, timeout.Token)
                : NetworkHelper.SetupAndConnectNetwork(timeout.Token, false);
        }
    }

    private static string Address(bool wifi)
    {
        var wanted = wifi ? NetworkInterfaceType.Wireless80211 : NetworkInterfaceType.Ethernet;
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        for (var i = 0; i < interfaces.Length; i++)
        {
            if (interfaces[i].NetworkInterfaceType == wanted)
            {
                return interfaces[i].IPv4Address;
            }
        }

        return "unknown";
    }

    private static string Describe(NetworkHelperStatus status)
    {
        switch (status)
        {
            case NetworkHelperStatus.TokenExpiredWaitingIPAddress:
                return "no IP address yet (cable, switch port, DHCP server or Wi-Fi reach)";
            case NetworkHelperStatus.FailedNoNetworkInterface:
                return "no network interface: is this the right firmware image for the board?";
            case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning:
                return "Wi-Fi network not found or key refused";
            case NetworkHelperStatus.ExceptionOccurred:
                return "exception in the network helper";
            default:
                return "status " + (int)status;
        }
    }
}
