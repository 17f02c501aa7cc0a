using System;
using System.Device.Adc;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// A supply voltage (mains-derived DC or battery) through its resistor divider into an ADC1 channel. The
/// scaling is the profile's (<see cref="AnalogPinMap.ToSourceMillivolts"/>), tested on the host.
/// </summary>
internal sealed class AdcVoltageInput : IAnalogInput
{
    // The ESP32's SAR ADC is noisy by tens of counts; an average of a few reads is steady enough for
    // "mains present" and "battery low" decisions, and takes well under a millisecond.
    private const int Samples = 8;

    private readonly AdcChannel _channel;
    private readonly AnalogPinMap _map;
    private readonly int _maxCount;

    public AdcVoltageInput(AdcController adc, AnalogPinMap map)
    {
        _map = map;
        _maxCount = adc.MaxValue;
        _channel = adc.OpenChannel(map.Channel);
    }

    public int ReadMillivolts()
    {
        try
        {
            var sum = 0;
            for (var i = 0; i < Samples; i++)
            {
                sum += _channel.ReadValue();
            }

            return _map.ToSourceMillivolts(sum / Samples, _maxCount);
        }
        catch (Exception)
        {
            // A failed conversion is reported as "unknown", never as 0 V (which would read as mains lost).
            return -1;
        }
    }
}
