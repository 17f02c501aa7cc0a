namespace SosPost.Firmware.Core.Device;

/// <summary>What holds a line at a defined level before (and while) the firmware drives or reads it.</summary>
public enum PinPull
{
    /// <summary>Nothing: a push-pull output the firmware drives from start-up.</summary>
    None,

    /// <summary>A resistor on the controller board itself (e.g. the ESP32-POE's button pull-up).</summary>
    Board,

    /// <summary>A resistor in the post's wiring (interface board, driver gate pull-down).</summary>
    External,

    /// <summary>The chip's internal pull-up (not on ESP32 GPIO 34 to 39, which have none).</summary>
    InternalUp,

    /// <summary>The chip's internal pull-down (not on ESP32 GPIO 34 to 39, which have none).</summary>
    InternalDown,
}
