namespace SosPost.Gateway.Metrics;

/// <summary><c>Gateway:Metrics</c>: the anonymous Prometheus endpoint <c>GET /metrics</c>.</summary>
public sealed class MetricsOptions : IValidatedOptions
{
    /// <summary>
    /// Serve <c>/metrics</c> without login (scrapers cannot log in). It holds counts and timings labelled by
    /// target, outcome, reason and status only: no post ids, no alarm data, no secrets.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the gauges read from the store (posts online, outbox rows) are reused between scrapes.</summary>
    public TimeSpan GaugeCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> Validate()
    {
        if (GaugeCacheFor < TimeSpan.Zero || GaugeCacheFor > TimeSpan.FromMinutes(10))
        {
            yield return "GaugeCacheFor must be between 0 and 10 minutes.";
        }
    }
}
