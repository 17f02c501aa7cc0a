using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Intake;

/// <summary>
/// What intake saw: <c>sospost.intake.rejects{reason}</c> and <c>sospost.intake.alarms{outcome}</c>
/// for a metrics exporter, and the same counts in memory for /api/stats.
/// </summary>
public sealed class IntakeMetrics
{
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _alarms;
    private readonly ConcurrentDictionary<string, long> _rejectCounts = new(StringComparer.Ordinal);
    private long _newAlarms;
    private long _repeatedAlarms;

    public IntakeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _rejects = meter.CreateCounter<long>("sospost.intake.rejects", unit: "{message}", description: "Messages intake rejected, by reason");
        _alarms = meter.CreateCounter<long>("sospost.intake.alarms", unit: "{alarm}", description: "Alarms intake accepted: new or repeated");
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
}
