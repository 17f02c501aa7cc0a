using System.Diagnostics.Metrics;

namespace SosPost.Gateway;

/// <summary>The System.Diagnostics.Metrics meter every gateway instrument belongs to.</summary>
public static class GatewayMeter
{
    public const string Name = "SosPost.Gateway";

    /// <summary>Histogram buckets in seconds for the stages of an alarm: from sub-second to an hour.</summary>
    public static readonly InstrumentAdvice<double> AlarmLatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    };
}
