using System.Net;

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

    /// <summary>
    /// Who may scrape: IP addresses and CIDR ranges (<c>10.0.0.0/8</c>, <c>::1</c>). Empty (the default): any address.
    /// Anyone else gets 403.
    /// </summary>
    public List<string> AllowedAddresses { get; set; } = [];

    /// <summary>True when <paramref name="client"/> may scrape (<see cref="AllowedAddresses"/>); an unknown address may only when the list is empty.</summary>
    public bool Allows(IPAddress? client) =>
        AllowedAddresses.Count == 0
        || (client is not null && AllowedAddresses.Any(allowed => TryParse(allowed, out var network) && network.Contains(client)));

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < AllowedAddresses.Count; i++)
        {
            if (!TryParse(AllowedAddresses[i], out _))
            {
                yield return $"AllowedAddresses:{i} must be an IP address or a CIDR range such as 10.0.0.0/8, not '{AllowedAddresses[i]}'.";
            }
        }

        if (GaugeCacheFor < TimeSpan.Zero || GaugeCacheFor > TimeSpan.FromMinutes(10))
        {
            yield return "GaugeCacheFor must be between 0 and 10 minutes.";
        }
    }

    private static bool TryParse(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
