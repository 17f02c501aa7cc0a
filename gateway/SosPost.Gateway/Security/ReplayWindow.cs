using SosPost.Protocol.Security;

namespace SosPost.Gateway.Security;

/// <summary>
/// The counters a post's messages carried, as the highest accepted and a bitmap of the 64 below it: the
/// <see cref="CounterWindow"/> the posts use too, as a value the store keeps per post. The window, rather than "greater
/// than the highest", because shared gateways and per-topic ordering let a post's messages arrive slightly out of order.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct ReplayWindow(long Highest, long Seen)
{
    /// <summary>Counters below the highest that are still remembered.</summary>
    public const int Size = CounterWindow.Size;

    /// <summary>The window after taking <paramref name="counter"/>; null when it was taken before or is too old.</summary>
    public ReplayWindow? Take(long counter)
    {
        var highest = Highest;
        var seen = Seen;
        return CounterWindow.TryTake(ref highest, ref seen, counter) ? new ReplayWindow(highest, seen) : null;
    }
}
