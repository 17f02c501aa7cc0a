using SosPost.Protocol;

namespace SosPost.Firmware.Core.Device;

/// <summary>
/// The boards this firmware supports, compiled in so that a post never drives a pin it read from a file.
/// Each entry is checked against hardware/boards/{id}.json by tests/SosPost.Hardware.Tests, field by
/// field; change both together. PostCore never reads these: only the device's Program does.
/// </summary>
public static class BoardProfiles
{
    // ESP32 ADC at the 12 dB attenuation nanoFramework configures: Espressif gives 150 to 2450 mV as the
    // measurable range and Vout = count * 2450 / 4095 (uncalibrated, a few percent per chip).
    private const int Esp32AdcFullScaleMillivolts = 2450;

    // 120 k over 22 k: 15 V at the source gives 2.32 V at the pin, inside the ADC's range with margin.
    private const int DividerTopOhms = 120000;
    private const int DividerBottomOhms = 22000;

    /// <summary>
    /// Olimex ESP32-POE (WROOM module) on wired Ethernet or PoE. Pins from the board's EXT1/EXT2 headers,
    /// clear of the LAN8720's RMII pins, the strapping pins and UART0 (hardware/pinmap.md).
    /// </summary>
    public static readonly BoardProfile OlimexEsp32Poe = new BoardProfile(
        id: "olimex-esp32-poe",
        nanoffTargets: new[] { "ESP32_OLIMEX" },
        networks: new[] { LinkType.Ethernet },
        button: new DigitalPinMap(34, true, PinPull.Board),
        buttonDebounceMs: 50,
        beacon: new DigitalPinMap(4, true, PinPull.External),
        camera: new DigitalPinMap(33, true, PinPull.External),
        statusLed: new DigitalPinMap(16, false, PinPull.Board),
        lampSense: new DigitalPinMap(36, false, PinPull.Board),
        tamper: new DigitalPinMap(13, true, PinPull.Board),
        mains: new AnalogPinMap(35, 7, DividerTopOhms, DividerBottomOhms, Esp32AdcFullScaleMillivolts),
        battery: new AnalogPinMap(32, 4, DividerTopOhms, DividerBottomOhms, Esp32AdcFullScaleMillivolts));

    /// <summary>ESP32-DevKitC (WROOM module, no PSRAM) on Wi-Fi: ADC on ADC1 only, because Wi-Fi takes ADC2.</summary>
    public static readonly BoardProfile Esp32DevKitCWifi = new BoardProfile(
        id: "esp32-devkitc-wifi",
        nanoffTargets: new[] { "ESP32_REV3", "ESP32_REV0" },
        networks: new[] { LinkType.Wifi },
        button: new DigitalPinMap(27, true, PinPull.External),
        buttonDebounceMs: 50,
        beacon: new DigitalPinMap(23, true, PinPull.External),
        camera: new DigitalPinMap(22, true, PinPull.External),
        statusLed: new DigitalPinMap(21, true, PinPull.None),
        lampSense: new DigitalPinMap(26, false, PinPull.External),
        tamper: new DigitalPinMap(25, true, PinPull.External),
        mains: new AnalogPinMap(36, 0, DividerTopOhms, DividerBottomOhms, Esp32AdcFullScaleMillivolts),
        battery: new AnalogPinMap(39, 3, DividerTopOhms, DividerBottomOhms, Esp32AdcFullScaleMillivolts));

    /// <summary>Every supported board, in the order the docs list them.</summary>
    public static BoardProfile[] All()
    {
        return new[] { OlimexEsp32Poe, Esp32DevKitCWifi };
    }

    /// <summary>The profile with that id, or null.</summary>
    public static BoardProfile? Find(string? id)
    {
        var all = All();
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].Id == id)
            {
                return all[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The one profile whose firmware image has that nanoff target name, or null when none or several do.
    /// Used only to light the fault beacon when the config file cannot say which board this is.
    /// </summary>
    public static BoardProfile? FindByTarget(string? targetName)
    {
        BoardProfile? found = null;
        var all = All();
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].RunsOn(targetName))
            {
                if (found != null)
                {
                    return null;
                }

                found = all[i];
            }
        }

        return found;
    }

    /// <summary>The ids of all profiles, for error messages.</summary>
    public static string Ids()
    {
        var text = string.Empty;
        var all = All();
        for (var i = 0; i < all.Length; i++)
        {
            text = i == 0 ? all[i].Id : text + ", " + all[i].Id;
        }

        return text;
    }
}
