using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Escalation;

/// <summary><c>sospost.alarm.escalations</c>: alarms escalated because no dispatcher acknowledged them in time.</summary>
public sealed class EscalationMetrics
{
    private readonly Counter<long> _escalations;

    public EscalationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _escalations = meter.CreateCounter<long>("sospost.alarm.escalations", unit: "{alarm}", description: "Alarms escalated to the second target: no dispatcher acknowledged them in time");
    }

    public void Escalated(int count) => _escalations.Add(count);
}
