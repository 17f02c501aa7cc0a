using System.Data.Common;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Intake;

namespace SosPost.Gateway.Health;

public static class HealthApi
{
    /// <summary>
    /// <c>GET /health</c> (anonymous): 200 while the store answers, 503 when it does not; a lost broker
    /// shows as degraded. <c>GET /api/stats</c>: intake and outbox counts.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", HealthAsync).AllowAnonymous().DisableRateLimiting(); // a 429 would take the gateway out of a load balancer
        endpoints.MapGet("/api/stats", StatsAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> HealthAsync(IAlarmStore store, GatewayMqtt mqtt, CancellationToken cancellationToken)
    {
        bool storeOk;
        try
        {
            storeOk = await store.PingAsync(cancellationToken);
        }
        catch (DbException)
        {
            storeOk = false;
        }

        var status = !storeOk ? "failing" : mqtt.IsConnected ? "ok" : "degraded";
        var body = new { status, mqttConnected = mqtt.IsConnected, store = storeOk ? "ok" : "failing" };
        return storeOk ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> StatsAsync(IntakeMetrics intake, IDispatchOutbox outbox, CancellationToken cancellationToken) =>
        Results.Ok(new
        {
            intake = new { newAlarms = intake.NewAlarms, repeatedAlarms = intake.RepeatedAlarms, rejects = intake.Rejects },
            outbox = await outbox.CountByStatusAsync(cancellationToken),
        });
}
