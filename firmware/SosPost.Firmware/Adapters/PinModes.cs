using System.Device.Gpio;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Adapters;

/// <summary>The GPIO driver's input mode for a profile's pull.</summary>
internal static class PinModes
{
    public static PinMode InputFor(PinPull pull)
    {
        switch (pull)
        {
            case PinPull.InternalUp:
                return PinMode.InputPullUp;
            case PinPull.InternalDown:
                return PinMode.InputPullDown;
            default:
                // Board and external resistors: the chip's own pull would only fight them.
                return PinMode.Input;
        }
    }
}
