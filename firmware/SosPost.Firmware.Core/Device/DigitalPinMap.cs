namespace SosPost.Firmware.Core.Device;

/// <summary>One digital function of a board profile: its GPIO and which level means "active".</summary>
public sealed class DigitalPinMap
{
    public DigitalPinMap(int pin, bool activeHigh, PinPull pull)
    {
        Pin = pin;
        ActiveHigh = activeHigh;
        Pull = pull;
    }

    /// <summary>The GPIO number (ESP32 logical numbering).</summary>
    public int Pin { get; }

    /// <summary>True when a high level means active (pressed, lit, tamper open), false when low does.</summary>
    public bool ActiveHigh { get; }

    public PinPull Pull { get; }

    /// <summary>Maps a level read from the pin to active or not.</summary>
    public bool IsActiveLevel(bool high) => high == ActiveHigh;

    /// <summary>The level to drive for on or off.</summary>
    public bool LevelFor(bool active) => active == ActiveHigh;
}
