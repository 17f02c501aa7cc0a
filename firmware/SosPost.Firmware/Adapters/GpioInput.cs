using System.Device.Gpio;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// A slow contact read by polling (lamp current sense, cabinet tamper): no interrupt, because these may sit
/// on GPIO36/39, which the ESP32 pulls low for ~80 ns whenever its ADC powers on (SoC errata). An edge is
/// a change seen between two polls; these signals last seconds, so polling every tick catches them.
/// </summary>
internal sealed class GpioInput : IDigitalInput
{
    private readonly GpioPin _pin;
    private readonly DigitalPinMap _map;
    private bool _lastActive;

    public GpioInput(GpioController gpio, DigitalPinMap map)
    {
        _map = map;
        _pin = gpio.OpenPin(map.Pin, PinModes.InputFor(map.Pull));
        _lastActive = IsActive;
    }

    public bool IsActive => _map.IsActiveLevel(ReadSettled());

    public bool TakeEdge()
    {
        var active = IsActive;
        var rose = active && !_lastActive;
        _lastActive = active;
        return rose;
    }

    // Two reads that agree: a single read could land in the errata glitch; each read takes microseconds.
    private bool ReadSettled()
    {
        var level = _pin.Read() == PinValue.High;
        for (var i = 0; i < 3; i++)
        {
            var again = _pin.Read() == PinValue.High;
            if (again == level)
            {
                return level;
            }

            level = again;
        }

        return level;
    }
}
