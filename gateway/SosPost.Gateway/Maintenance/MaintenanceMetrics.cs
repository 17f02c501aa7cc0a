using System.Diagnostics.Metrics;
using SosPost.Protocol;

namespace SosPost.Gateway.Maintenance;

/// <summary><c>sospost.maintenance.alerts{type}</c>: maintenance alerts raised, by type.</summary>
public sealed class MaintenanceMetrics
{
    /// <summary>The label values: posts may send trouble types a gateway does not know, which count as "other".</summary>
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        TroubleType.Tamper, TroubleType.Mains, TroubleType.BatteryLow, TroubleType.Lamp, TroubleType.StuckButton, MaintenanceAlertType.Offline,
    };

    private readonly Counter<long> _raised;

    public MaintenanceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMeter.Name);
        _raised = meter.CreateCounter<long>("sospost.maintenance.alerts", unit: "{alert}", description: "Maintenance alerts raised (troubles and offline posts), by type");
    }

    public void Raised(string type) =>
        _raised.Add(1, new KeyValuePair<string, object?>("type", KnownTypes.Contains(type) ? type : "other"));
}
