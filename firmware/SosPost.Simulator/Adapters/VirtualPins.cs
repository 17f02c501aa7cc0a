using SosPost.Firmware.Core;

namespace SosPost.Simulator.Adapters;

/// <summary>A panic button pressed from another thread (the control endpoint); edges are counted, never lost.</summary>
internal sealed class VirtualButton : IDigitalInput
{
    private int _edges;

    public bool IsActive => false;

    public void Press() => Interlocked.Increment(ref _edges);

    public bool TakeEdge()
    {
        while (true)
        {
            var edges = Volatile.Read(ref _edges);
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
}

/// <summary>A lamp or trigger line whose level can be looked at.</summary>
internal sealed class VirtualOutput : IDigitalOutput
{
    private volatile bool _on;

    public bool IsOn => _on;

    public void Set(bool on) => _on = on;
}
