using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Supervision;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IPostSupervisionStore"/> does, whatever database is under it.</summary>
public abstract class SupervisionStoreContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private IPostSupervisionStore Supervision => Store.Supervision;

    [Fact]
    public async Task A_last_will_makes_the_post_offline_with_its_reason_and_one_alert_and_the_first_reason_stays()
    {
        await Supervision.MarkHeardAsync("MHC-001", T0, None);

        Assert.True(await Supervision.MarkOfflineAsync("MHC-001", OfflineReason.LastWill, T0.AddMinutes(1), None));
        Assert.False(await Supervision.MarkOfflineAsync("MHC-001", OfflineReason.MissedHeartbeats, T0.AddMinutes(2), None));

        Assert.Equal([new OfflineSpell("MHC-001", OfflineReason.LastWill, T0.AddMinutes(1))], await Supervision.OfflineAsync(None));
        var alert = Assert.Single(await Store.MaintenanceAlerts.ListAsync(openOnly: true, 10, None));
        Assert.Equal(("MHC-001", MaintenanceAlertType.Offline, OfflineReason.LastWill, T0.AddMinutes(1)), (alert.PostId, alert.Type, alert.Source, alert.RaisedAt));
    }

    [Fact]
    public async Task Hearing_an_offline_post_ends_its_spell_once_and_clears_its_alert()
    {
        await Supervision.MarkOfflineAsync("MHC-001", OfflineReason.LastWill, T0, None);

        var ended = await Supervision.MarkHeardAsync("MHC-001", T0.AddMinutes(5), None);
        var heardAgain = await Supervision.MarkHeardAsync("MHC-001", T0.AddMinutes(6), None);

        Assert.Equal(new OfflineSpell("MHC-001", OfflineReason.LastWill, T0), ended);
        Assert.Null(heardAgain);
        Assert.Empty(await Supervision.OfflineAsync(None));
        var alert = Assert.Single(await Store.MaintenanceAlerts.ListAsync(openOnly: false, 10, None));
        Assert.Equal((T0.AddMinutes(5), MaintenanceAlertSource.PostHeard), (alert.ClearedAt, alert.ClearedBy));
        Assert.Null(await Supervision.MarkHeardAsync("BKK-001", T0, None)); // never offline
    }

    [Fact]
    public async Task Posts_not_heard_in_time_are_marked_silent_once_with_an_alert()
    {
        await Supervision.MarkHeardAsync("MHC-001", T0, None);
        await Supervision.MarkHeardAsync("BKK-001", T0.AddSeconds(1), None);
        await Supervision.MarkHeardAsync("ABC-001", T0.AddMinutes(5), None);
        await Supervision.MarkOfflineAsync("XYZ-001", OfflineReason.LastWill, T0, None); // offline already: not silent again

        var silent = await Supervision.MarkSilentAsync(T0.AddMinutes(2), T0.AddMinutes(6), None);
        var again = await Supervision.MarkSilentAsync(T0.AddMinutes(2), T0.AddMinutes(7), None);

        Assert.Equal([new SilentPost("BKK-001", T0.AddSeconds(1), true), new SilentPost("MHC-001", T0, true)], silent);
        Assert.Empty(again);
        Assert.Equal(
            [("BKK-001", OfflineReason.MissedHeartbeats), ("MHC-001", OfflineReason.MissedHeartbeats), ("XYZ-001", OfflineReason.LastWill)],
            (await Supervision.OfflineAsync(None)).Select(s => (s.PostId, s.Reason)));
        Assert.Equal(
            ["BKK-001", "MHC-001", "XYZ-001"],
            (await Store.MaintenanceAlerts.ListAsync(openOnly: true, 10, None)).Select(a => a.PostId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Last_seen_only_moves_forward_when_messages_are_handled_out_of_order()
    {
        await Supervision.MarkHeardAsync("MHC-001", T0.AddMinutes(3), None);
        await Supervision.MarkHeardAsync("MHC-001", T0, None);

        Assert.Empty(await Supervision.MarkSilentAsync(T0.AddMinutes(2), T0.AddMinutes(4), None));
        Assert.Equal([new SilentPost("MHC-001", T0.AddMinutes(3), true)], await Supervision.MarkSilentAsync(T0.AddMinutes(4), T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task A_silent_post_whose_offline_alert_is_still_open_raises_no_second_alert()
    {
        await Store.MaintenanceAlerts.RaiseAsync(new NewMaintenanceAlert("MHC-001", MaintenanceAlertType.Offline, OfflineReason.LastWill, T0), None);
        await Supervision.MarkHeardAsync("MHC-001", T0, None); // not offline in posts_online: the alert stays open

        Assert.Equal([new SilentPost("MHC-001", T0, false)], await Supervision.MarkSilentAsync(T0.AddMinutes(1), T0.AddMinutes(2), None));
    }
}
