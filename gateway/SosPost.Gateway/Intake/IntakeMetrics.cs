using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Intake;

/// <summary>
/// What intake saw: <c>sospost.intake.rejects{reason}</c>, <c>sospost.intake.alarms{outcome}</c> and
/// <c>sospost.alarm.press_to_received</c> for a metrics exporter, and the same counts in memory for /api/stats.
/// </summary>
public sealed class IntakeMetrics
{
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _alarms;
    private readonly Histogram<double> _pressToReceived;
    private readonly ConcurrentDictionary<string, long> _rejectCounts = new(StringComparer.Ordinal);
    private long _newAlarms;
    private long _repeatedAlarms;

    public IntakeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _rejects = meter.CreateCounter<long>("sospost.intake.rejects", unit: "{message}", description: "Messages intake rejected, by reason");
        _alarms = meter.CreateCounter<long>("sospost.intake.alarms", unit: "{alarm}", description: "Alarms intake accepted: new or repeated");
        _pressToReceived = meter.CreateHistogram(
            "sospost.alarm.press_to_received",
            unit: "s",
            description: "Time from the button press (post clock, or the gateway's estimate) to the gateway storing the alarm; real alarms only",
            tags: null,
            advice: GatewayMeter.AlarmLatencyBuckets);
    }

    public IReadOnlyDictionary<string, long> Rejects => _rejectCounts.ToDictionary(StringComparer.Ordinal);

    public long NewAlarms => Interlocked.Read(ref _newAlarms);

    public long RepeatedAlarms => Interlocked.Read(ref _repeatedAlarms);

    public void Rejected(string reason)
    {
        _rejectCounts.AddOrUpdate(reason, 1, (_, count) => count + 1);
        _rejects.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void AlarmAccepted(bool isNew)
    {
        Interlocked.Increment(ref isNew ? ref _newAlarms : ref _repeatedAlarms);
        _alarms.Add(1, new KeyValuePair<string, object?>("outcome", isNew ? "new" : "repeated"));
    }

    /// <summary>A new real alarm stored at <paramref name="receivedAt"/>; no press time, nothing recorded.</summary>
    public void PressToReceived(DateTimeOffset? pressedAt, DateTimeOffset receivedAt)
    {
        if (pressedAt is { } pressed)
        {
            // A post clock slightly ahead of the gateway's would give a negative time.
            _pressToReceived.Record(Math.Max(0, (receivedAt - pressed).TotalSeconds));
        }
    }
}
