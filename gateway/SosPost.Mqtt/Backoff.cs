namespace SosPost.Mqtt;

/// <summary>
/// Reconnect delays: attempt n waits a random time between the minimum and a cap that doubles each attempt up to the
/// maximum, so many posts cut off by the same outage do not all come back in the same instant.
/// </summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max, Random random)
{
    private int _attempt;

    public TimeSpan Next()
    {
        var cap = min * Math.Pow(2, Math.Min(_attempt + 1, 30));
        if (cap > max)
        {
            cap = max;
        }

        _attempt++;
        return min + ((cap - min) * random.NextDouble());
    }

    public void Reset() => _attempt = 0;
}
