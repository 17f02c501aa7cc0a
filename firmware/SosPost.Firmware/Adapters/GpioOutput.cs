using System.Device.Gpio;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Adapters;

/// <summary>Beacon, camera relay or status LED: "on" mapped to the wiring's active level.</summary>
internal sealed class GpioOutput : IDigitalOutput
{
    private readonly GpioPin _pin;
    private readonly DigitalPinMap _map;

    public GpioOutput(GpioController gpio, DigitalPinMap map)
    {
        _map = map;
        _pin = gpio.OpenPin(map.Pin, PinMode.Output);

        // Off at once: until now the line was held off by its pull resistor (board profile rule).
        Set(false);
    }

    public void Set(bool on)
    {
        _pin.Write(_map.LevelFor(on) ? PinValue.High : PinValue.Low);
    }
}
