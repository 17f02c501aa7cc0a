namespace SosPost.Firmware.Core;

/// <summary>A lamp, relay or trigger line, already mapped to "on" regardless of wiring polarity.</summary>
public interface IDigitalOutput
{
    void Set(bool on);
}
