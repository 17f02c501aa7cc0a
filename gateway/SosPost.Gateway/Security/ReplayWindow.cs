namespace SosPost.Gateway.Security;

/// <summary>
/// The counters a post's messages carried, as the highest accepted and a bitmap of the 64 below it (the
/// anti-replay window of RFC 4303, section 3.4.3). A counter is taken once: above the highest it moves the window,
/// within the window it is taken if its bit is clear, anything older is a replay. The window, rather than "greater
/// than the highest", because shared gateways and per-topic ordering let a post's messages arrive slightly out of order.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct ReplayWindow(long Highest, long Seen)
{
    /// <summary>Counters below the highest that are still remembered.</summary>
    public const int Size = 64;

    /// <summary>The window after taking <paramref name="counter"/>; null when it was taken before or is too old.</summary>
    public ReplayWindow? Take(long counter)
    {
        if (counter > Highest)
        {
            var shift = counter - Highest;
            var seen = (ulong)Seen;
            var moved = shift > Size ? 0UL : shift == Size ? 1UL << (Size - 1) : (seen << (int)shift) | (1UL << ((int)shift - 1));

            // The old highest becomes bit shift-1 of the new window (before the first counter it stands for 0, never sent).

            return new ReplayWindow(counter, (long)moved);
        }

        var age = Highest - counter;
        if (age == 0 || age > Size)
        {
            return null;
        }

        var bit = 1UL << (int)(age - 1);
        return ((ulong)Seen & bit) != 0 ? null : new ReplayWindow(Highest, (long)((ulong)Seen | bit));
    }
}
