using System.Diagnostics;

namespace SosPost.Bench.Report;

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static LatencyStats Of(IEnumerable<long> stopwatchTicks)
    {
        var ms = stopwatchTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        if (ms.Length == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN);
        }

        return new LatencyStats(ms.Length, Rank(ms, 0.50), Rank(ms, 0.99), ms[^1]);
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
