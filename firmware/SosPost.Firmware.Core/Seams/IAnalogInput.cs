namespace SosPost.Firmware.Core;

/// <summary>
/// A supply voltage the post watches (mains-derived DC, battery), already scaled back through its
/// resistor divider to the voltage at the source. The adapter owns the ADC and the scaling.
/// </summary>
public interface IAnalogInput
{
    /// <summary>The source voltage in millivolts, or a negative value when it could not be read.</summary>
    int ReadMillivolts();
}
