using System.Globalization;
using System.Net;

namespace SosPost.Gateway.Http;

/// <summary>
/// The addresses the gateway will listen on, read from configuration before Kestrel binds them, in Kestrel's own
/// order of precedence: endpoints under <c>Kestrel:Endpoints</c>, else <c>urls</c> (ASPNETCORE_URLS, --urls), else
/// <c>http_ports</c>/<c>https_ports</c> (ASPNETCORE_HTTP_PORTS, which listen on every address), else Kestrel's
/// default, http://localhost:5000.
/// </summary>
public static class ListenUrls
{
    public const string KestrelDefault = "http://localhost:5000";

    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>().Where(url => url.Length > 0).ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        if (Split(configuration[WebHostDefaults.ServerUrlsKey]) is { Count: > 0 } urls)
        {
            return urls;
        }

        var ports = Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => "http://*:" + port)
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => "https://*:" + port)).ToList();
        return ports.Count > 0 ? ports : [KestrelDefault];
    }

    /// <summary>
    /// Plain HTTP that other machines can reach: http on any address but loopback (127.0.0.0/8, ::1, localhost).
    /// Unix sockets and named pipes are local. A URL Kestrel would refuse anyway is left to Kestrel to report.
    /// </summary>
    public static bool IsPlainHttpOffLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) || address.IsUnixPipe || address.IsNamedPipe)
        {
            return false;
        }

        var host = address.Host.Trim('[', ']');
        return !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static List<string> Split(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? []
            : list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static string Describe(IEnumerable<string> urls) => string.Join(", ", urls.Select(url => string.Create(CultureInfo.InvariantCulture, $"'{url}'")));
}
