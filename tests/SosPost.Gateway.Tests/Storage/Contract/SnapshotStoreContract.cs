using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="ISnapshotStore"/> does, whatever database is under it.</summary>
public abstract class SnapshotStoreContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0xFF, 0xD9];

    private ISnapshotStore Snapshots => Store.Snapshots;

    [Fact]
    public async Task A_stored_picture_reads_back_and_the_first_one_stays()
    {
        var alarm = await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        var image = new SnapshotImage(Jpeg, "image/jpeg", T0.AddSeconds(2));

        Assert.True(await Snapshots.SaveAsync(alarm.RowId, image, 1, [], None));
        Assert.False(await Snapshots.SaveAsync(alarm.RowId, new SnapshotImage([1, 2, 3], "image/png", T0.AddSeconds(9)), 1, [], None));
        await Snapshots.RecordFailureAsync(alarm.RowId, T0.AddSeconds(10), 3, "camera timeout", None);

        var stored = await Snapshots.GetAsync(alarm.RowId, None);
        Assert.NotNull(stored);
        Assert.Equal((alarm.RowId, "image/jpeg", T0.AddSeconds(2)), (stored.AlarmRowId, stored.ContentType, stored.TakenAt));
        Assert.Equal(Jpeg, stored.Bytes);
        Assert.Equal(new SnapshotStatus(true, "image/jpeg", Jpeg.Length, T0.AddSeconds(2), 1, null), await Snapshots.GetStatusAsync(alarm.RowId, None));
    }

    [Fact]
    public async Task A_failure_is_recorded_with_its_reason_and_a_later_picture_replaces_it()
    {
        var alarm = await Store.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        Assert.Null(await Snapshots.GetStatusAsync(alarm.RowId, None));

        await Snapshots.RecordFailureAsync(alarm.RowId, T0.AddSeconds(5), 2, "HTTP 401", None);
        await Snapshots.RecordFailureAsync(alarm.RowId, T0.AddSeconds(9), 3, "timeout", None);

        Assert.Null(await Snapshots.GetAsync(alarm.RowId, None));
        Assert.Equal(new SnapshotStatus(false, null, null, T0.AddSeconds(9), 3, "timeout"), await Snapshots.GetStatusAsync(alarm.RowId, None));

        Assert.True(await Snapshots.SaveAsync(alarm.RowId, new SnapshotImage(Jpeg, "image/jpeg", T0.AddSeconds(20)), 4, [], None));
        Assert.Equal(new SnapshotStatus(true, "image/jpeg", Jpeg.Length, T0.AddSeconds(20), 4, null), await Snapshots.GetStatusAsync(alarm.RowId, None));
    }

    [Fact]
    public async Task A_picture_stored_after_the_alarm_was_delivered_follows_it_once_to_picture_targets_only()
    {
        var alarm = await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook", "cap", "sia"], None);
        foreach (var row in await Store.Outbox.TakeDueAsync(["webhook", "sia"], T0, 10, None))
        {
            await Snapshots.MarkDeliveredWithoutSnapshotAsync(row.OutboxId, 1, T0.AddSeconds(1), None);
        }

        // cap is still delivering: it takes the picture with the alarm. sia is no picture target.
        await Snapshots.SaveAsync(alarm.RowId, new SnapshotImage(Jpeg, "image/jpeg", T0.AddSeconds(3)), 1, ["webhook", "cap"], None);
        await Snapshots.SaveAsync(alarm.RowId, new SnapshotImage(Jpeg, "image/jpeg", T0.AddSeconds(4)), 1, ["webhook", "cap"], None);

        var followUp = Assert.Single(await Store.Outbox.TakeDueAsync(["webhook", "sia"], T0.AddSeconds(3), 10, None));
        Assert.Equal(("webhook", "MHC-001/42/webhook/snapshot", OutboxKind.Snapshot, 0, alarm.RowId), (followUp.Target, followUp.IdempotencyKey, followUp.Kind, followUp.Attempts, followUp.Alarm.Id));
        Assert.Equal(OutboxKind.Alarm, Assert.Single(await Store.Outbox.TakeDueAsync(["cap"], T0.AddSeconds(3), 10, None)).Kind);
    }

    [Fact]
    public async Task A_delivery_without_the_picture_marked_after_the_picture_was_stored_adds_the_follow_up()
    {
        var alarm = await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        var delivery = Assert.Single(await Store.Outbox.TakeDueAsync(["webhook"], T0, 10, None));
        await Snapshots.SaveAsync(alarm.RowId, new SnapshotImage(Jpeg, "image/jpeg", T0.AddSeconds(2)), 1, ["webhook"], None);

        await Snapshots.MarkDeliveredWithoutSnapshotAsync(delivery.OutboxId, 2, T0.AddSeconds(3), None);

        var row = Assert.Single(Assert.Single(await Store.Alarms.ListAsync(10, None)).Deliveries, d => d.Status == OutboxStatus.Delivered);
        Assert.Equal((2, T0.AddSeconds(3)), (row.Attempts, row.DeliveredAt));
        var followUp = Assert.Single(await Store.Outbox.TakeDueAsync(["webhook"], T0.AddSeconds(3), 10, None));
        Assert.Equal(("MHC-001/42/webhook/snapshot", OutboxKind.Snapshot), (followUp.IdempotencyKey, followUp.Kind));

        // The console lists both deliveries of the alarm, each with what it carries.
        var listed = Assert.Single(await Store.Alarms.ListAsync(10, None)).Deliveries;
        Assert.Equal([OutboxKind.Alarm, OutboxKind.Snapshot], listed.Select(d => d.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_delivery_without_a_picture_that_never_comes_has_no_follow_up()
    {
        await Store.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        var delivery = Assert.Single(await Store.Outbox.TakeDueAsync(["webhook"], T0, 10, None));

        await Snapshots.MarkDeliveredWithoutSnapshotAsync(delivery.OutboxId, 1, T0.AddSeconds(1), None);

        Assert.Empty(await Store.Outbox.TakeDueAsync(["webhook"], T0.AddHours(1), 10, None));
        var counts = await Store.Outbox.CountByStatusAsync(None);
        Assert.Equal((0L, 1L), (counts[OutboxStatus.Pending], counts[OutboxStatus.Delivered]));
    }
}
