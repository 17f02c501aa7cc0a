namespace SosPost.Hardware.Tests;

/// <summary>
/// The classic ESP32's pin facts, written down once here from the ESP32 Series Datasheet, the SoC errata
/// Espressif's ADC channel table and nanoFramework's ADC channel mapping (../shared/nanoframework-api/NOTES.md section 12). Every
/// profile's "chip" section must say the same, so a typo there cannot weaken the checks.
/// </summary>
internal static class Esp32Facts
{
    public static readonly int[] Gpios = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 25, 26, 27, 32, 33, 34, 35, 36, 37, 38, 39];

    public static readonly int[] InputOnly = [34, 35, 36, 37, 38, 39];

    public static readonly int[] NoInternalPull = [34, 35, 36, 37, 38, 39];

    public static readonly int[] Strapping = [0, 2, 5, 12, 15];

    /// <summary>Pulled low for about 80 ns whenever the SAR ADC powers on (errata): no edge interrupts.</summary>
    public static readonly int[] InterruptGlitch = [36, 39];

    /// <summary>GPIO to nanoFramework ADC channel: ADC1.</summary>
    public static readonly Dictionary<int, int> Adc1 = new() { [36] = 0, [37] = 1, [38] = 2, [39] = 3, [32] = 4, [33] = 5, [34] = 6, [35] = 7 };

    /// <summary>
    /// The GPIO of ADC2 channel n, in channel order: Espressif's ADC2_CHANNEL_n_GPIO_NUM (espressif/esp-idf
    /// commit 1929b27c, components/soc/esp32/include/soc/adc_channel.h). Not in GPIO order.
    /// </summary>
    public static readonly int[] Adc2GpioByChannel = [4, 0, 2, 15, 13, 12, 14, 27, 25, 26];

    /// <summary>
    /// GPIO to nanoFramework ADC channel: ADC2 channel n is nanoFramework channel 10 + n (nanoframework/nf-interpreter
    /// commit a3e8139a, targets/ESP32/_common/ESP32_DeviceMapping.cpp, Esp32_ADC_DevicePinMap; the native
    /// AdcChannel subtracts 10 before calling adc2_get_raw). Unusable while Wi-Fi runs.
    /// </summary>
    public static readonly Dictionary<int, int> Adc2 = Adc2GpioByChannel.Select((gpio, channel) => (gpio, channel)).ToDictionary(p => p.gpio, p => 10 + p.channel);

    /// <summary>Upper end of the measurable range at 11/12 dB attenuation (Espressif ADC guide).</summary>
    public const int AdcFullScaleMillivolts = 2450;

    /// <summary>ESP32 images nanoff offers (nf-interpreter targets/ESP32/CMakePresets.json, NOTES.md section 7).</summary>
    public static readonly string[] NanoffTargets =
    [
        "ESP32_OLIMEX", "ESP32_OLIMEX_WROVER", "ESP32_ETHERNET_KIT_1.2", "ESP32_WT32_ETH01", "ESP32_WESP32", "ESP32_LILYGO",
        "ESP32_REV0", "ESP32_REV3", "ESP32_BLE_REV0", "ESP32_BLE_REV3", "ESP32_PSRAM_REV0", "ESP32_PSRAM_REV3",
    ];

    /// <summary>The images among those built with Ethernet support.</summary>
    public static readonly string[] EthernetTargets = ["ESP32_OLIMEX", "ESP32_OLIMEX_WROVER", "ESP32_ETHERNET_KIT_1.2", "ESP32_WT32_ETH01", "ESP32_WESP32", "ESP32_LILYGO"];
}
