namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>DC-09 sequence numbers: 0001 to 9999, then 0001 again; shared by alarms and NULL messages.</summary>
public sealed class SiaSequence(int last = 0)
{
    public const int Max = 9999;

    // A last value outside 0..Max (a corrupt stored value) starts the count again at 0001, never at 0 or below.
    private int _last = last is < 0 or > Max ? 0 : last;

    public int Next()
    {
        while (true)
        {
            var current = Volatile.Read(ref _last);
            var next = current >= Max ? 1 : current + 1;
            if (Interlocked.CompareExchange(ref _last, next, current) == current)
            {
                return next;
            }
        }
    }
}
