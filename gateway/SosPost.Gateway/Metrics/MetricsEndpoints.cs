using Microsoft.Extensions.Options;
using SosPost.Gateway.Alarms;

namespace SosPost.Gateway.Metrics;

public static class MetricsEndpoints
{
    /// <summary>The Prometheus exporter and the gauges read from the store.</summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<StoreGauges>();
        services.AddSingleton<AlarmMetrics>();
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c>, anonymous, while <c>Gateway:Metrics:Enabled</c> (else 404), to the addresses of
    /// <c>Gateway:Metrics:AllowedAddresses</c> (others get 403). The exporter is created
    /// here, at start, so that it counts from the start.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        endpoints.MapGet("/metrics", ScrapeAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> ScrapeAsync(HttpContext context, IOptions<MetricsOptions> options, StoreGauges gauges, PrometheusExporter exporter, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Results.NotFound();
        }

        if (!options.Value.Allows(Http.ClientAddress.Of(context)))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        await gauges.RefreshAsync(cancellationToken);
        return Results.Text(exporter.Collect(), PrometheusExporter.ContentType);
    }
}
