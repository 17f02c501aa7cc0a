using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Escalation;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IEscalationStore"/> does, whatever database is under it.</summary>
public abstract class EscalationStoreContract : StoreContract
{
    private const string Target = "escalation";
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;
    private static readonly DateTimeOffset CheckAt = T0.AddMinutes(3).AddMilliseconds(5);

    private IEscalationStore Escalation => Store.Escalation;

    [Fact]
    public async Task An_unacknowledged_alarm_is_escalated_once_with_a_pending_delivery_to_the_target()
    {
        var row = await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);

        var escalated = Assert.Single(await Escalation.EscalateDueAsync(T0, CheckAt, Target, 10, None));
        var again = await Escalation.EscalateDueAsync(CheckAt, CheckAt.AddMinutes(1), Target, 10, None);
        var afterRestart = await Store.Reopen().Escalation.EscalateDueAsync(CheckAt, CheckAt.AddMinutes(2), Target, 10, None);

        Assert.Equal((row.RowId, "MHC-001", 42L, (DateTimeOffset?)CheckAt), (escalated.Id, escalated.PostId, escalated.AlarmId, escalated.EscalatedAt));
        Assert.Empty(again);
        Assert.Empty(afterRestart);
        Assert.Equal(CheckAt, Assert.Single(await Store.Alarms.ListAsync(10, None)).Alarm.EscalatedAt);
        var delivery = Assert.Single(await Store.Outbox.TakeDueAsync([Target], CheckAt, 10, None));
        Assert.Equal((row.RowId, "MHC-001/42/escalation", 0, OutboxKind.Alarm), (delivery.Alarm.Id, delivery.IdempotencyKey, delivery.Attempts, delivery.Kind));
    }

    [Fact]
    public async Task Acknowledged_test_and_recent_alarms_are_not_escalated()
    {
        var acknowledged = await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        await Store.Alarms.AcknowledgeAsync(acknowledged.RowId, "anna", T0.AddSeconds(30), None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, Test = true }, [], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 44, ReceivedAt = T0.AddMilliseconds(1) }, [], None);

        Assert.Empty(await Escalation.EscalateDueAsync(T0, CheckAt, Target, 10, None));
        Assert.Equal(0L, (await Store.Outbox.CountByStatusAsync(None))[OutboxStatus.Pending]);
    }

    [Fact]
    public async Task The_oldest_due_alarms_go_first_and_at_most_the_asked_number()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 44, ReceivedAt = T0.AddSeconds(20) }, [], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        await Store.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = T0.AddSeconds(10) }, [], None);

        var first = await Escalation.EscalateDueAsync(T0.AddMinutes(1), CheckAt, Target, 2, None);
        var rest = await Escalation.EscalateDueAsync(T0.AddMinutes(1), CheckAt, Target, 2, None);

        Assert.Equal([42L, 43L], first.Select(a => a.AlarmId));
        Assert.Equal([44L], rest.Select(a => a.AlarmId));
    }

    [Fact]
    public async Task A_reused_alarm_id_gets_the_same_key_rule_as_its_other_deliveries()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        var restarted = await Store.Alarms.RecordAsync(TestAlarms.Market42() with { UptimeMs = 1_000, ReceivedAt = T0.AddSeconds(5) }, ["webhook"], None);
        var webhookKey = Assert.Single(await Store.Outbox.TakeDueAsync(["webhook"], CheckAt, 10, None)).IdempotencyKey;

        await Escalation.EscalateDueAsync(T0.AddMinutes(1), CheckAt, Target, 10, None);

        var keys = (await Store.Outbox.TakeDueAsync([Target], CheckAt, 10, None)).Select(d => (d.Alarm.Id, d.IdempotencyKey)).OrderBy(k => k.Id).ToList();
        Assert.Equal("MHC-001/42/escalation", keys[0].IdempotencyKey);
        Assert.Equal((restarted.RowId, webhookKey.Replace("webhook", Target, StringComparison.Ordinal)), keys[1]);
    }
}
