using System.Diagnostics;

namespace SosPost.Bench.Load;

/// <summary>
/// Open-loop pacing: event i is due at start + i / rate whatever happened to event i - 1, and latencies are measured
/// from that due time, so a sender that falls behind shows as latency instead of quietly lowering the load. Events
/// that fall due within one timer tick (about 1 ms) go out together; nothing spins, the gateway needs the cores.
/// </summary>
internal static class Pacer
{
    public static async Task RunAsync(int count, double perSecond, Action<int, long> fire, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var ticksPerEvent = Stopwatch.Frequency / perSecond;
        var i = 0;
        while (i < count)
        {
            var now = Stopwatch.GetTimestamp();
            while (i < count && start + (long)(i * ticksPerEvent) <= now)
            {
                fire(i, start + (long)(i * ticksPerEvent));
                i++;
            }

            if (i < count)
            {
                var wait = start + (long)(i * ticksPerEvent) - Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.001, (double)wait / Stopwatch.Frequency)), ct);
            }
        }
    }
}
