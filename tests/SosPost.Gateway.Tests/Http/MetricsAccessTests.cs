using System.Net;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Http;

public sealed class MetricsAccessTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Metrics_are_served_to_the_allowed_addresses_and_ranges_only()
    {
        await using var app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Metrics:AllowedAddresses:0"] = "10.1.2.3",
            ["Gateway:Metrics:AllowedAddresses:1"] = "192.168.40.0/24",
            ["Gateway:Metrics:AllowedAddresses:2"] = "fd00::/8",
        })
        { TestServices = TestClientAddress.Install };
        using var client = app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await TestClientAddress.From(client, "10.1.2.3").GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TestClientAddress.From(client, "192.168.40.77").GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TestClientAddress.From(client, "::ffff:10.1.2.3").GetAsync("/metrics", Ct)).StatusCode); // IPv4 on a dual-stack socket
        Assert.Equal(HttpStatusCode.OK, (await TestClientAddress.From(client, "fd12::5").GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestClientAddress.From(client, "10.1.2.4").GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestClientAddress.From(client, "192.168.41.1").GetAsync("/metrics", Ct)).StatusCode);

        // Logged in or not: the list is about the address.
        using var admin = TestClientAddress.From(await app.LoggedInClientAsync(TestUsers.Admin), "203.0.113.9");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Fact]
    public async Task With_no_list_anyone_may_scrape()
    {
        await using var app = new GatewayApp(_directory) { TestServices = TestClientAddress.Install };
        using var client = TestClientAddress.From(app.NewClient(), "198.51.100.20");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_entry_that_is_not_an_address_or_range_stops_the_gateway_at_start()
    {
        await using var app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Metrics:AllowedAddresses:0"] = "prometheus.internal",
        });

        Assert.Contains(
            "Gateway:Metrics: AllowedAddresses:0 must be an IP address or a CIDR range such as 10.0.0.0/8, not 'prometheus.internal'.",
            app.StartupFailure().ToString(),
            StringComparison.Ordinal);
    }
}
