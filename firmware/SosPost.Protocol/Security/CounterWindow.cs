namespace SosPost.Protocol.Security;

/// <summary>
/// The anti-replay window of RFC 4303 (section 3.4.3) over message counters: the highest counter taken and a bitmap
/// of the <see cref="Size"/> below it (bit n: highest - 1 - n was taken). A counter is taken once: above the highest
/// it moves the window, within it it is taken if its bit is clear, anything older is refused. The gateway keeps one per
/// post for what posts send; a post keeps one for what the gateways send it. Portable: no allocation.
/// </summary>
public static class CounterWindow
{
    /// <summary>Counters below the highest that are still remembered.</summary>
    public const int Size = 64;

    /// <summary>Every counter below the highest counts as taken: the window of a post that only knows a floor.</summary>
    public const long AllSeen = -1;

    /// <summary>
    /// Takes <paramref name="counter"/>: true, with the new window in <paramref name="highest"/> and
    /// <paramref name="seen"/>, when it was not taken before; false (both unchanged) when it was, or is too old.
    /// </summary>
    public static bool TryTake(ref long highest, ref long seen, long counter)
    {
        if (counter > highest)
        {
            var shift = counter - highest;
            var bits = (ulong)seen;

            // The old highest becomes bit shift-1 of the new window.
            ulong moved;
            if (shift > Size)
            {
                moved = 0UL;
            }
            else if (shift == Size)
            {
                moved = 1UL << (Size - 1);
            }
            else
            {
                moved = (bits << (int)shift) | (1UL << ((int)shift - 1));
            }

            highest = counter;
            seen = (long)moved;
            return true;
        }

        var age = highest - counter;
        if (age == 0 || age > Size)
        {
            return false;
        }

        var bit = 1UL << (int)(age - 1);
        if (((ulong)seen & bit) != 0)
        {
            return false;
        }

        seen = (long)((ulong)seen | bit);
        return true;
    }
}
