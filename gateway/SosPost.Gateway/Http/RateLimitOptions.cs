namespace SosPost.Gateway.Http;

/// <summary>
/// <c>Gateway:RateLimit</c>: the general limit on HTTP requests, per logged-in user and per client address, on every
/// page, API call and file of the gateway but <c>/health</c>. It guards the console and API only: alarms arrive over
/// MQTT and are never limited. The defaults are far above what a console polling every 2 s asks (about 90 requests a
/// minute a tab) and stop a script flooding the gateway.
/// </summary>
public sealed class RateLimitOptions : IValidatedOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The fixed window the counts below are per.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests a logged-in user may make per window, from however many addresses.</summary>
    public int PerUser { get; set; } = 1200;

    /// <summary>Requests one client address may make per window, logged in or not (several dispatchers may share one address).</summary>
    public int PerAddress { get; set; } = 2400;

    public IEnumerable<string> Validate()
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1))
        {
            yield return "Window must be between 1 second and 1 hour.";
        }

        if (PerUser < 1)
        {
            yield return "PerUser must be at least 1.";
        }

        if (PerAddress < 1)
        {
            yield return "PerAddress must be at least 1.";
        }
    }
}
