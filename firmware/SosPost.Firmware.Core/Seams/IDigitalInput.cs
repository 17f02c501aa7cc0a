namespace SosPost.Firmware.Core;

/// <summary>A button or contact, already mapped to "active" (pressed) regardless of wiring polarity.</summary>
public interface IDigitalInput
{
    bool IsActive { get; }

    /// <summary>
    /// True once for each inactive-to-active edge since the last call. The adapter latches the edge
    /// (interrupt or its own sampling) so that a press shorter than a tick is not lost.
    /// </summary>
    bool TakeEdge();
}
