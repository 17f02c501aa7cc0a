#nullable enable
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>A supply voltage (mains-derived supply, battery) the test sets; negative: the ADC read failed.</summary>
public sealed class VirtualVoltage : IAnalogInput
{
    public VirtualVoltage(int millivolts)
    {
        Millivolts = millivolts;
    }

    public int Millivolts { get; set; }

    public int ReadMillivolts() => Millivolts;
}
