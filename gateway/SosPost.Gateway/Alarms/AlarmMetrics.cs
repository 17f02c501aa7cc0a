using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Alarms;

/// <summary><c>sospost.alarm.received_to_acknowledged</c>: how long alarms wait for a dispatcher.</summary>
public sealed class AlarmMetrics
{
    private readonly Histogram<double> _receivedToAcknowledged;

    public AlarmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _receivedToAcknowledged = meter.CreateHistogram(
            "sospost.alarm.received_to_acknowledged",
            unit: "s",
            description: "Time from the gateway storing an alarm to a dispatcher acknowledging it",
            tags: null,
            advice: GatewayMeter.AlarmLatencyBuckets);
    }

    public void Acknowledged(DateTimeOffset? receivedAt, DateTimeOffset acknowledgedAt)
    {
        if (receivedAt is { } received)
        {
            _receivedToAcknowledged.Record(Math.Max(0, (acknowledgedAt - received).TotalSeconds));
        }
    }
}
