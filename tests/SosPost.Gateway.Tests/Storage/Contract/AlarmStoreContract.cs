using System.Data.Common;
using Dapper;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Tests.Support;
using SosPost.Protocol;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IAlarmStore"/> does, whatever database is under it.</summary>
public abstract class AlarmStoreContract : StoreContract
{
    private IAlarmStore Alarms => Store.Alarms;

    [Fact]
    public async Task Recording_an_alarm_writes_it_with_one_pending_outbox_row_per_target()
    {
        var result = await Alarms.RecordAsync(TestAlarms.Market42(), ["webhook", "cap"], None);

        Assert.True(result.IsNew);
        Assert.Equal(AlarmState.Received, result.State);
        Assert.Equal(TestAlarms.ReceivedAt, result.StateAt);

        var stored = Assert.Single(await Alarms.ListAsync(10, None));
        var alarm = stored.Alarm;
        Assert.Equal(("MHC-001", 42L, 1, TestAlarms.PressedAt, TestAlarms.ReceivedAt, AlarmState.Received), (alarm.PostId, alarm.AlarmId, alarm.Presses, alarm.PressedAt, alarm.ReceivedAt, alarm.State));
        Assert.Equal((result.RowId, "panic", false, 5234119L, (DateTimeOffset?)null, true), (alarm.Id, alarm.Kind, alarm.Test, alarm.UptimeMs, alarm.PressedAtEstimated, alarm.Snapshot));
        Assert.Equal(
            [
                new DeliveryStatus("webhook", "pending", 0, TestAlarms.ReceivedAt, null, null),
                new DeliveryStatus("cap", "pending", 0, TestAlarms.ReceivedAt, null, null),
            ],
            stored.Deliveries);

        await using var connection = await Store.OpenAsync();
        var outbox = (await connection.QueryAsync<(long AlarmRowId, string Key)>("SELECT alarm_row_id, idempotency_key FROM dispatch_outbox ORDER BY id")).ToList();
        Assert.Equal([(result.RowId, "MHC-001/42/webhook"), (result.RowId, "MHC-001/42/cap")], outbox);
    }

    [Fact]
    public async Task An_alarm_whose_outbox_row_cannot_be_written_is_not_recorded_at_all()
    {
        // The second row repeats the first one's idempotency key, so its insert fails inside the transaction.
        await Assert.ThrowsAnyAsync<DbException>(() => Alarms.RecordAsync(TestAlarms.Market42(), ["webhook", "webhook"], None));

        Assert.Equal((0L, 0L), await CountAlarmsAndOutboxAsync());

        // And the alarm can still be recorded when it is sent again.
        Assert.True((await Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None)).IsNew);
    }

    [Fact]
    public async Task A_resent_alarm_is_recorded_once_and_answered_with_its_current_state()
    {
        var first = await Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        var again = await Alarms.RecordAsync(TestAlarms.Market42() with { ReceivedAt = TestAlarms.ReceivedAt.AddSeconds(5) }, ["webhook"], None);

        Assert.False(again.IsNew);
        Assert.Equal(first.RowId, again.RowId);
        Assert.Equal(AlarmState.Received, again.State);
        Assert.Equal(TestAlarms.ReceivedAt, again.StateAt);

        var dispatchedAt = TestAlarms.ReceivedAt.AddSeconds(30);
        await Alarms.AcknowledgeAsync(first.RowId, "dispatcher", dispatchedAt, None);
        var afterAcknowledge = await Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        Assert.Equal((false, AlarmState.Dispatched, dispatchedAt), (afterAcknowledge.IsNew, afterAcknowledge.State, afterAcknowledge.StateAt));

        Assert.Equal((1L, 1L), await CountAlarmsAndOutboxAsync());
    }

    [Fact]
    public async Task A_resent_alarm_with_more_presses_raises_the_press_count_and_never_lowers_it()
    {
        await Alarms.RecordAsync(TestAlarms.Market42(presses: 1), ["webhook"], None);
        await Alarms.RecordAsync(TestAlarms.Market42(presses: 4), ["webhook"], None);
        await Alarms.RecordAsync(TestAlarms.Market42(presses: 2), ["webhook"], None);

        var stored = Assert.Single(await Alarms.ListAsync(10, None));
        Assert.Equal(4, stored.Alarm.Presses);
        Assert.Single(stored.Deliveries);
    }

    [Fact]
    public async Task An_alarm_id_a_replaced_post_board_uses_again_is_recorded_as_a_new_alarm_not_dropped_as_a_resend()
    {
        var old = await Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);

        // A new board with empty flash counts from 1 again: same post and alarm id, another first press.
        var fresh = await Alarms.RecordAsync(TestAlarms.Market42() with { UptimeMs = 812 }, ["webhook"], None);

        Assert.True(fresh.IsNew);
        Assert.True(fresh.AlarmIdReused);
        Assert.NotEqual(old.RowId, fresh.RowId);
        Assert.Equal(2, (await Alarms.ListAsync(10, None)).Count);
        await using var connection = await Store.OpenAsync();
        var idempotencyKeys = (await connection.QueryAsync<string>("SELECT idempotency_key FROM dispatch_outbox ORDER BY id")).ToList();
        Assert.Equal(["MHC-001/42/webhook", $"MHC-001/42-{fresh.RowId}/webhook"], idempotencyKeys);
        Assert.False(old.AlarmIdReused);
    }

    [Fact]
    public async Task The_same_alarm_arriving_at_once_on_many_connections_is_recorded_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None))));

        Assert.Single(results, r => r.IsNew);
        Assert.Single(results.Select(r => r.RowId).Distinct());
        Assert.Equal((1L, 1L), await CountAlarmsAndOutboxAsync());
    }

    [Fact]
    public async Task Acknowledging_marks_the_alarm_dispatched_once_and_unknown_ids_are_not_found()
    {
        var recorded = await Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        var at = TestAlarms.ReceivedAt.AddMinutes(1);

        var first = await Alarms.AcknowledgeAsync(recorded.RowId, "dispatcher", at, None);
        var second = await Alarms.AcknowledgeAsync(recorded.RowId, "someone-else", at.AddMinutes(1), None);

        Assert.NotNull(first);
        Assert.False(first.AlreadyDispatched);
        Assert.Equal(("MHC-001", 42L, at, "dispatcher", TestAlarms.ReceivedAt), (first.PostId, first.AlarmId, first.DispatchedAt, first.DispatchedBy, first.ReceivedAt));
        Assert.NotNull(second);
        Assert.True(second.AlreadyDispatched);
        Assert.Equal((at, "dispatcher"), (second.DispatchedAt, second.DispatchedBy));
        Assert.Null(await Alarms.AcknowledgeAsync(recorded.RowId + 1000, "dispatcher", at, None));
    }

    [Fact]
    public async Task A_posts_alarms_dispatched_since_a_time_are_listed_oldest_first()
    {
        var at = TestAlarms.ReceivedAt.AddMinutes(1);
        var first = await Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        var second = await Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43 }, [], None);
        await Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 44 }, [], None); // never acknowledged
        await Alarms.AcknowledgeAsync(second.RowId, "dispatcher", at.AddSeconds(5), None);
        await Alarms.AcknowledgeAsync(first.RowId, "dispatcher", at, None);

        Assert.Equal([42L, 43L], (await Alarms.DispatchedSinceAsync("MHC-001", at, None)).Select(a => a.AlarmId));
        Assert.Equal([43L], (await Alarms.DispatchedSinceAsync("MHC-001", at.AddMilliseconds(1), None)).Select(a => a.AlarmId));
        Assert.Empty(await Alarms.DispatchedSinceAsync("BKK-001", at, None));
    }

    [Fact]
    public async Task Alarms_are_listed_newest_first()
    {
        await Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        await Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = TestAlarms.ReceivedAt.AddMinutes(2) }, [], None);
        await Alarms.RecordAsync(TestAlarms.Market42() with { PostId = "BKK-001", AlarmId = 7, ReceivedAt = TestAlarms.ReceivedAt.AddMinutes(1) }, [], None);

        var listed = await Alarms.ListAsync(10, None);

        Assert.Equal([43L, 7L, 42L], listed.Select(a => a.Alarm.AlarmId));
        Assert.Equal([43L, 7L], (await Alarms.ListAsync(2, None)).Select(a => a.Alarm.AlarmId));
    }

    [Fact]
    public async Task A_store_that_answers_pings_true()
    {
        Assert.True(await Alarms.PingAsync(None));
    }

    private async Task<(long Alarms, long Outbox)> CountAlarmsAndOutboxAsync()
    {
        await using var connection = await Store.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarms"), await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM dispatch_outbox"));
    }
}
