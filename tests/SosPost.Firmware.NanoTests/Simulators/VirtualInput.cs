#nullable enable
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>The panic button, with its edge latched the way the GPIO interrupt of the device adapter latches it.</summary>
public sealed class VirtualInput : IDigitalInput
{
    private int _edges;

    public bool IsActive { get; private set; }

    /// <summary>A complete short press (down and up) between two ticks: the level is back to inactive.</summary>
    public void Press()
    {
        _edges++;
        IsActive = false;
    }

    public bool TakeEdge()
    {
        if (_edges == 0)
        {
            return false;
        }

        _edges--;
        return true;
    }
}
