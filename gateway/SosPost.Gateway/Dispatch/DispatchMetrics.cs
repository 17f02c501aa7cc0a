using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// What the relay did, by target: attempts by outcome, deliveries, failed attempts, dead letters, and the
/// time from an alarm's arrival to its delivery. Labels are the target and the outcome only, never a post.
/// </summary>
public sealed class DispatchMetrics
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _receivedToDelivered;

    public DispatchMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _attempts = meter.CreateCounter<long>("sospost.dispatch.attempts", unit: "{attempt}", description: "Delivery attempts to dispatch targets");
        _delivered = meter.CreateCounter<long>("sospost.dispatch.delivered", unit: "{alarm}", description: "Alarms delivered to a dispatch target");
        _failures = meter.CreateCounter<long>("sospost.dispatch.failures", unit: "{attempt}", description: "Delivery attempts that failed (retried later or rejected)");
        _deadLetters = meter.CreateCounter<long>("sospost.dispatch.dead_letters", unit: "{alarm}", description: "Deliveries dead-lettered: rejected, or out of attempts");
        _receivedToDelivered = meter.CreateHistogram(
            "sospost.dispatch.received_to_delivered",
            unit: "s",
            description: "Time from the gateway storing an alarm to a target confirming its delivery",
            tags: null,
            advice: GatewayMeter.AlarmLatencyBuckets);
    }

    public void Attempted(string target, DeliveryOutcome outcome)
    {
        var targetTag = Target(target);
        _attempts.Add(1, targetTag, new KeyValuePair<string, object?>("outcome", Name(outcome)));
        if (outcome != DeliveryOutcome.Delivered)
        {
            _failures.Add(1, targetTag);
        }
    }

    public void Delivered(string target, TimeSpan sinceReceived)
    {
        _delivered.Add(1, Target(target));
        _receivedToDelivered.Record(Math.Max(0, sinceReceived.TotalSeconds), Target(target));
    }

    public void DeadLettered(string target) => _deadLetters.Add(1, Target(target));

    private static KeyValuePair<string, object?> Target(string target) => new("target", target);

    private static string Name(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => "delivered",
        DeliveryOutcome.RetryLater => "retry-later",
        _ => "rejected",
    };
}
