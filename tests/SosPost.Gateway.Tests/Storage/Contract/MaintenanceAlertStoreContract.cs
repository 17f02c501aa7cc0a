using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IMaintenanceAlertStore"/> does, whatever database is under it.</summary>
public abstract class MaintenanceAlertStoreContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private IMaintenanceAlertStore Alerts => Store.MaintenanceAlerts;

    [Fact]
    public async Task One_alert_of_a_post_and_type_is_open_at_a_time()
    {
        var raised = await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "tamper", MaintenanceAlertSource.Event(7), T0), None);
        var repeated = await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "tamper", MaintenanceAlertSource.Event(8), T0.AddSeconds(5)), None);
        var otherType = await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "mains", MaintenanceAlertSource.Event(9), T0.AddSeconds(6)), None);
        var otherPost = await Alerts.RaiseAsync(new NewMaintenanceAlert("BKK-001", "tamper", MaintenanceAlertSource.Event(1), T0.AddSeconds(7)), None);

        Assert.NotNull(raised);
        Assert.Equal(new MaintenanceAlert(raised.Id, "MHC-001", "tamper", "event:7", T0, null, null), raised);
        Assert.Null(repeated);
        Assert.NotNull(otherType);
        Assert.NotNull(otherPost);
        Assert.Equal(3, (await Alerts.ListAsync(openOnly: true, 10, None)).Count);
    }

    [Fact]
    public async Task Clearing_closes_the_open_alert_once_and_a_later_raise_opens_a_new_one()
    {
        var raised = await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "tamper", "event:7", T0), None);

        var cleared = await Alerts.ClearAsync("MHC-001", "tamper", "event:8", T0.AddMinutes(1), None);
        var clearedAgain = await Alerts.ClearAsync("MHC-001", "tamper", "event:9", T0.AddMinutes(2), None);
        var raisedAgain = await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "tamper", "event:10", T0.AddMinutes(3)), None);

        Assert.Equal(raised! with { ClearedAt = T0.AddMinutes(1), ClearedBy = "event:8" }, cleared);
        Assert.Null(clearedAgain);
        Assert.NotNull(raisedAgain);
        Assert.NotEqual(raised.Id, raisedAgain.Id);
        Assert.Null(await Alerts.ClearAsync("BKK-001", "tamper", "event:1", T0, None));
    }

    [Fact]
    public async Task Alerts_are_listed_newest_raised_first_all_or_only_the_open_ones()
    {
        await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "tamper", "event:1", T0), None);
        await Alerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", "offline", "last-will", T0.AddMinutes(2)), None);
        await Alerts.RaiseAsync(new NewMaintenanceAlert("BKK-001", "mains", "event:2", T0.AddMinutes(1)), None);
        await Alerts.ClearAsync("MHC-001", "offline", "post-heard", T0.AddMinutes(3), None);

        Assert.Equal(["offline", "mains", "tamper"], (await Alerts.ListAsync(openOnly: false, 10, None)).Select(a => a.Type));
        Assert.Equal(["mains", "tamper"], (await Alerts.ListAsync(openOnly: true, 10, None)).Select(a => a.Type));
        Assert.Equal(["offline", "mains"], (await Alerts.ListAsync(openOnly: false, 2, None)).Select(a => a.Type));
    }
}
