using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IDispatchOutbox"/> does, whatever database is under it.</summary>
public abstract class DispatchOutboxContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private IDispatchOutbox Outbox => Store.Outbox;

    [Fact]
    public async Task Due_rows_of_the_asked_targets_are_taken_oldest_first_and_later_rows_wait()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 44, ReceivedAt = T0.AddSeconds(20) }, ["webhook"], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook", "cap"], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = T0.AddSeconds(10) }, ["webhook"], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 45, ReceivedAt = T0.AddMinutes(5) }, ["webhook"], None);

        var due = await Outbox.TakeDueAsync(["webhook"], T0.AddMinutes(1), 10, None);

        Assert.Equal([(42L, "webhook", "MHC-001/42/webhook", 0), (43L, "webhook", "MHC-001/43/webhook", 0), (44L, "webhook", "MHC-001/44/webhook", 0)], due.Select(e => (e.Alarm.AlarmId, e.Target, e.IdempotencyKey, e.Attempts)));
        Assert.Equal(T0, due[0].Alarm.ReceivedAt);
    }

    [Fact]
    public async Task At_most_the_asked_number_of_rows_is_taken()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = T0.AddSeconds(1) }, ["webhook"], None);

        Assert.Equal([42L], (await Outbox.TakeDueAsync(["webhook"], T0.AddMinutes(1), 1, None)).Select(e => e.Alarm.AlarmId));
    }

    [Fact]
    public async Task The_next_due_time_is_the_earliest_pending_row_of_the_targets()
    {
        Assert.Null(await Outbox.NextDueAsync(["webhook"], None));
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { ReceivedAt = T0.AddSeconds(30) }, ["webhook"], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43 }, ["cap"], None);

        Assert.Equal(T0.AddSeconds(30), await Outbox.NextDueAsync(["webhook"], None));
        Assert.Equal(T0, await Outbox.NextDueAsync(["webhook", "cap"], None));
    }

    [Fact]
    public async Task A_row_to_retry_waits_for_its_next_attempt_and_keeps_its_attempts_and_error()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        var row = Assert.Single(await Outbox.TakeDueAsync(["webhook"], T0, 10, None));

        await Outbox.MarkRetryAsync(row.OutboxId, 1, T0.AddSeconds(30), "HTTP 503", None);

        Assert.Empty(await Outbox.TakeDueAsync(["webhook"], T0.AddSeconds(29), 10, None));
        Assert.Equal(T0.AddSeconds(30), await Outbox.NextDueAsync(["webhook"], None));
        var again = Assert.Single(await Outbox.TakeDueAsync(["webhook"], T0.AddSeconds(30), 10, None));
        Assert.Equal((row.OutboxId, 1), (again.OutboxId, again.Attempts));
        var delivery = Assert.Single(Assert.Single(await Store.Alarms.ListAsync(10, None)).Deliveries);
        Assert.Equal(("pending", 1, "HTTP 503"), (delivery.Status, delivery.Attempts, delivery.LastError));
    }

    [Fact]
    public async Task A_delivered_row_is_never_taken_again_and_is_counted_delivered()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook", "cap"], None);
        var rows = await Outbox.TakeDueAsync(["webhook", "cap"], T0, 10, None);
        var webhook = Assert.Single(rows, r => r.Target == "webhook");
        await Outbox.MarkRetryAsync(webhook.OutboxId, 1, T0, "timeout", None);

        await Outbox.MarkDeliveredAsync(webhook.OutboxId, 2, T0.AddSeconds(2), None);

        Assert.DoesNotContain(await Outbox.TakeDueAsync(["webhook"], T0.AddHours(1), 10, None), r => r.OutboxId == webhook.OutboxId);
        var delivery = Assert.Single(Assert.Single(await Store.Alarms.ListAsync(10, None)).Deliveries, d => d.Target == "webhook");
        Assert.Equal(("delivered", 2, null, T0.AddSeconds(2)), (delivery.Status, delivery.Attempts, delivery.LastError, delivery.DeliveredAt));
        var counts = await Outbox.CountByStatusAsync(None);
        Assert.Equal((1L, 1L, 0L), (counts[OutboxStatus.Pending], counts[OutboxStatus.Delivered], counts[OutboxStatus.Dead]));
    }

    [Fact]
    public async Task An_empty_outbox_counts_zero_of_every_status()
    {
        var counts = await Outbox.CountByStatusAsync(None);

        Assert.Equal((0L, 0L, 0L), (counts[OutboxStatus.Pending], counts[OutboxStatus.Delivered], counts[OutboxStatus.Dead]));
    }

    [Fact]
    public async Task A_dead_row_is_listed_with_its_alarm_and_an_operator_retry_makes_it_due_with_attempts_reset()
    {
        var recorded = await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = T0.AddSeconds(1) }, ["webhook"], None);
        var row = (await Outbox.TakeDueAsync(["webhook"], T0.AddSeconds(1), 10, None))[0];
        await Outbox.MarkDeadAsync(row.OutboxId, 3, "HTTP 400 Bad Request", None);

        var dead = Assert.Single(await Outbox.ListDeadAsync(10, None));
        Assert.Equal((row.OutboxId, "webhook", 3, "HTTP 400 Bad Request", recorded.RowId, 42L), (dead.OutboxId, dead.Target, dead.Attempts, dead.LastError, dead.Alarm.Id, dead.Alarm.AlarmId));
        Assert.Equal(1, (await Outbox.CountByStatusAsync(None))[OutboxStatus.Dead]);
        Assert.DoesNotContain(await Outbox.TakeDueAsync(["webhook"], T0.AddHours(1), 10, None), r => r.OutboxId == row.OutboxId);

        var retry = await Outbox.RetryDeadAsync(row.OutboxId, T0.AddHours(2), None);

        Assert.Equal(RetryDeadOutcome.Retried, retry.Outcome);
        Assert.Equal((row.OutboxId, 3), (retry.Row!.OutboxId, retry.Row.Attempts));
        Assert.Empty(await Outbox.ListDeadAsync(10, None));
        var delivery = Assert.Single(Assert.Single(await Store.Alarms.ListAsync(10, None), a => a.Alarm.AlarmId == 42).Deliveries);
        Assert.Equal(("pending", 0, T0.AddHours(2), "HTTP 400 Bad Request"), (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LastError));
        var due = Assert.Single(await Outbox.TakeDueAsync(["webhook"], T0.AddHours(2), 10, None), r => r.OutboxId == row.OutboxId);
        Assert.Equal(0, due.Attempts);
    }

    [Fact]
    public async Task Retrying_a_row_that_is_not_dead_changes_nothing_and_an_unknown_row_is_not_found()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        var row = Assert.Single(await Outbox.TakeDueAsync(["webhook"], T0, 10, None));
        await Outbox.MarkDeadAsync(row.OutboxId, 1, "rejected", None);

        Assert.Equal(RetryDeadOutcome.Retried, (await Outbox.RetryDeadAsync(row.OutboxId, T0.AddMinutes(1), None)).Outcome);
        Assert.Equal(RetryDeadOutcome.NotDead, (await Outbox.RetryDeadAsync(row.OutboxId, T0.AddMinutes(2), None)).Outcome);
        var notFound = await Outbox.RetryDeadAsync(row.OutboxId + 1000, T0, None);
        Assert.Equal((RetryDeadOutcome.NotFound, null), (notFound.Outcome, notFound.Row));
        Assert.Equal(T0.AddMinutes(1), Assert.Single(Assert.Single(await Store.Alarms.ListAsync(10, None)).Deliveries).NextAttemptAt);
    }

    [Fact]
    public async Task Dead_rows_are_listed_newest_alarm_first_up_to_the_limit()
    {
        foreach (var id in new long[] { 42, 43, 44 })
        {
            await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = id, ReceivedAt = T0.AddSeconds(id) }, ["webhook"], None);
        }

        foreach (var row in await Outbox.TakeDueAsync(["webhook"], T0.AddMinutes(1), 10, None))
        {
            await Outbox.MarkDeadAsync(row.OutboxId, 1, "rejected", None);
        }

        Assert.Equal([44L, 43L], (await Outbox.ListDeadAsync(2, None)).Select(d => d.Alarm.AlarmId));
    }
}
