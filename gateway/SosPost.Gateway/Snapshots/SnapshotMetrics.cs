using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// Camera pictures taken (<c>sospost.snapshots.stored</c>) and not taken (<c>sospost.snapshots.failures{reason}</c>,
/// reasons from <see cref="SnapshotFailure.All"/>). No post or camera in any label.
/// </summary>
public sealed class SnapshotMetrics
{
    private readonly Counter<long> _stored;
    private readonly Counter<long> _failures;

    public SnapshotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _stored = meter.CreateCounter<long>("sospost.snapshots.stored", unit: "{snapshot}", description: "Camera pictures of alarms fetched and stored");
        _failures = meter.CreateCounter<long>("sospost.snapshots.failures", unit: "{snapshot}", description: "Alarms whose camera picture could not be had, by reason");
    }

    public void Stored() => _stored.Add(1);

    public void Failed(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
