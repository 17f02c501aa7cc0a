namespace SosPost.Firmware.Core.Device;

/// <summary>
/// One ADC function of a board profile: the GPIO, nanoFramework's ADC channel for it, and the resistor
/// divider that brings a 12 V system's voltage into the ADC's range. The scaling lives here, not in the
/// adapter, so that it is tested on the host.
/// </summary>
public sealed class AnalogPinMap
{
    public AnalogPinMap(int pin, int channel, int dividerTopOhms, int dividerBottomOhms, int fullScaleMillivolts)
    {
        Pin = pin;
        Channel = channel;
        DividerTopOhms = dividerTopOhms;
        DividerBottomOhms = dividerBottomOhms;
        FullScaleMillivolts = fullScaleMillivolts;
    }

    public int Pin { get; }

    /// <summary>nanoFramework's channel number for <see cref="Pin"/> (ESP32: 0 to 7 are ADC1, 10 to 19 ADC2).</summary>
    public int Channel { get; }

    /// <summary>The resistor from the source to the pin.</summary>
    public int DividerTopOhms { get; }

    /// <summary>The resistor from the pin to ground.</summary>
    public int DividerBottomOhms { get; }

    /// <summary>The pin voltage that reads as the ADC's maximum count at the attenuation the firmware image sets.</summary>
    public int FullScaleMillivolts { get; }

    /// <summary>
    /// The source voltage for a raw count: count to pin millivolts, then the divider undone. Integer
    /// arithmetic (no floating point needed on the device). Negative for a count outside 0..maxCount.
    /// </summary>
    public int ToSourceMillivolts(int count, int maxCount)
    {
        if (maxCount <= 0 || count < 0 || count > maxCount || DividerBottomOhms <= 0 || DividerTopOhms < 0)
        {
            return -1;
        }

        var pinMillivolts = (long)count * FullScaleMillivolts / maxCount;
        return (int)(pinMillivolts * ((long)DividerTopOhms + DividerBottomOhms) / DividerBottomOhms);
    }
}
