using System;
using System.Device.Gpio;
using System.Threading;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// The panic button. The GPIO driver's interrupt (ValueChanged) latches every inactive-to-active edge, so a
/// press shorter than a tick is never lost; the driver's debounce filter drops contact bounce before that.
/// </summary>
internal sealed class GpioButtonInput : IDigitalInput
{
    // A shorted or noisy cable must not queue presses without bound: the core only needs "pressed again".
    private const int MaxLatchedEdges = 8;

    private readonly GpioPin _pin;
    private readonly DigitalPinMap _map;
    private readonly PinEventTypes _activeEdge;
    private int _edges;

    public GpioButtonInput(GpioController gpio, DigitalPinMap map, int debounceMs)
    {
        _map = map;
        _activeEdge = map.ActiveHigh ? PinEventTypes.Rising : PinEventTypes.Falling;
        _pin = gpio.OpenPin(map.Pin, PinModes.InputFor(map.Pull));
        _pin.DebounceTimeout = TimeSpan.FromMilliseconds(debounceMs);
        _pin.ValueChanged += OnValueChanged;
    }

    public bool IsActive => _map.IsActiveLevel(_pin.Read() == PinValue.High);

    public bool TakeEdge()
    {
        while (true)
        {
            var edges = Interlocked.CompareExchange(ref _edges, 0, 0);
            if (edges == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _edges, edges - 1, edges) == edges)
            {
                return true;
            }
        }
    }

    // Runs on nanoFramework's event thread, never on the tick thread: only the counter is shared.
    private void OnValueChanged(object sender, PinValueChangedEventArgs e)
    {
        if (e.ChangeType != _activeEdge)
        {
            return;
        }

        if (Interlocked.Increment(ref _edges) > MaxLatchedEdges)
        {
            Interlocked.Decrement(ref _edges);
        }
    }
}
