#nullable enable
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>
/// The panic button, with its edge latched the way the GPIO interrupt of the device adapter latches it; also a
/// contact (cabinet switch) through <see cref="SetLevel"/>.
/// </summary>
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

    /// <summary>Pushed and kept down (edge latched, level active) until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _edges++;
        IsActive = true;
    }

    public void Release() => IsActive = false;

    /// <summary>The level alone changes (a contact opened or closed): no edge latched.</summary>
    public void SetLevel(bool active) => IsActive = active;

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
