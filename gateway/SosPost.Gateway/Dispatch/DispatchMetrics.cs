using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Dispatch;

/// <summary>Delivery attempts by target and outcome (<c>sospost.dispatch.attempts</c>).</summary>
public sealed class DispatchMetrics
{
    private readonly Counter<long> _attempts;

    public DispatchMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _attempts = meter.CreateCounter<long>("sospost.dispatch.attempts", unit: "{attempt}", description: "Delivery attempts to dispatch targets");
    }

    public void Attempted(string target, DeliveryOutcome outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("outcome", Name(outcome)));

    private static string Name(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => "delivered",
        DeliveryOutcome.RetryLater => "retry-later",
        _ => "rejected",
    };
}
