using SosPost.Gateway.Alarms;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IAlarmResolutionStore"/> does, whatever database is under it.</summary>
public abstract class AlarmResolutionStoreContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private IAlarmResolutionStore Resolutions => Store.Resolutions;

    [Fact]
    public async Task An_unknown_alarm_is_not_found()
    {
        var result = await Resolutions.ResolveAsync(999, Resolution(AlarmOutcome.Real), None);

        Assert.Equal(new ResolveResult(ResolveOutcome.NotFound, null), result);
    }

    [Fact]
    public async Task An_alarm_not_yet_acknowledged_is_refused_and_stays_open()
    {
        var row = await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);

        var result = await Resolutions.ResolveAsync(row.RowId, Resolution(AlarmOutcome.Prank), None);

        Assert.Equal(new ResolveResult(ResolveOutcome.NotAcknowledged, null, "MHC-001", 42), result);
        Assert.Empty(await Resolutions.ForAlarmsAsync([row.RowId], None));
    }

    [Fact]
    public async Task An_acknowledged_alarm_is_resolved_once_and_the_first_resolution_stays()
    {
        var row = await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        await Store.Alarms.AcknowledgeAsync(row.RowId, "anna", T0.AddSeconds(20), None);
        var first = Resolution(AlarmOutcome.Prank) with { Notes = "kids, ran off" };

        var resolved = await Resolutions.ResolveAsync(row.RowId, first, None);
        var again = await Resolutions.ResolveAsync(row.RowId, Resolution(AlarmOutcome.Real) with { ResolvedBy = "bert" }, None);

        Assert.Equal(new ResolveResult(ResolveOutcome.Resolved, first, "MHC-001", 42), resolved);
        Assert.Equal(new ResolveResult(ResolveOutcome.AlreadyResolved, first, "MHC-001", 42), again);
        Assert.Equal(first, (await Resolutions.ForAlarmsAsync([row.RowId, 999], None))[row.RowId]);
        Assert.Empty(await Resolutions.ForAlarmsAsync([], None));
    }

    [Fact]
    public async Task Counts_per_post_leave_out_test_alarms_and_alarms_before_since_and_are_in_ordinal_post_order()
    {
        var resolvedPrank = await AcknowledgedAsync(TestAlarms.Market42(presses: 3));
        await Resolutions.ResolveAsync(resolvedPrank, Resolution(AlarmOutcome.Prank), None);
        var resolvedReal = await AcknowledgedAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = T0.AddMinutes(1) });
        await Resolutions.ResolveAsync(resolvedReal, Resolution(AlarmOutcome.Real), None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 44, ReceivedAt = T0.AddMinutes(2) }, [], None); // open
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 45, Test = true }, [], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { PostId = "bkk-001", ReceivedAt = T0.AddMinutes(3) }, [], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { PostId = "Zoo-001", AlarmId = 7, ReceivedAt = T0.AddDays(-1) }, [], None);

        Assert.Equal(
            [new PostAlarmCounts("MHC-001", 3, 5, 1, 1, 0, 0), new PostAlarmCounts("Zoo-001", 1, 1, 0, 0, 0, 0), new PostAlarmCounts("bkk-001", 1, 1, 0, 0, 0, 0)],
            await Resolutions.CountsByPostAsync(null, None));
        Assert.Equal(
            [new PostAlarmCounts("MHC-001", 2, 2, 1, 0, 0, 0), new PostAlarmCounts("bkk-001", 1, 1, 0, 0, 0, 0)],
            await Resolutions.CountsByPostAsync(T0.AddMinutes(1), None));
    }

    private async Task<long> AcknowledgedAsync(NewAlarm alarm)
    {
        var row = await Store.Alarms.RecordAsync(alarm, [], None);
        await Store.Alarms.AcknowledgeAsync(row.RowId, "anna", alarm.ReceivedAt.AddSeconds(10), None);
        return row.RowId;
    }

    private static AlarmResolution Resolution(string outcome) => new(outcome, null, "anna", T0.AddMinutes(5).AddMilliseconds(250));
}
