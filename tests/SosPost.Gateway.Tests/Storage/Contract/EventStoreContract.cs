using SosPost.Gateway.Events;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IEventStore"/> does, whatever database is under it.</summary>
public abstract class EventStoreContract : StoreContract
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 3, 16, 49, 300, TimeSpan.Zero);

    private IEventStore Events => Store.Events;

    [Fact]
    public async Task An_event_is_recorded_once_however_often_it_is_sent_and_keeps_its_first_receipt()
    {
        var at = new DateTimeOffset(2026, 11, 22, 3, 16, 49, 201, TimeSpan.Zero);

        Assert.True(await Events.RecordAsync(new PostEvent("MHC-001", 17, "tamper", true, 5301200, at, ReceivedAt), None));
        Assert.False(await Events.RecordAsync(new PostEvent("MHC-001", 17, "tamper", true, 5301200, at, ReceivedAt.AddSeconds(5)), None));

        Assert.Equal([new PostEvent("MHC-001", 17, "tamper", true, 5301200, at, ReceivedAt)], await Events.ListAsync("MHC-001", 10, None));
    }

    [Fact]
    public async Task An_event_id_used_again_with_another_uptime_is_a_new_event_of_a_post_whose_counter_restarted()
    {
        Assert.True(await Events.RecordAsync(Event("MHC-001", 1, "mains", true, uptimeMs: 900), None));
        Assert.True(await Events.RecordAsync(Event("MHC-001", 1, "mains", true, uptimeMs: 950), None));

        Assert.Equal(2, (await Events.ListAsync("MHC-001", 10, None)).Count);
    }

    [Fact]
    public async Task A_trouble_is_open_while_the_latest_event_of_its_post_and_type_by_event_id_is_active()
    {
        await Events.RecordAsync(Event("MHC-001", 17, "tamper", true), None);
        await Events.RecordAsync(Event("MHC-001", 18, "mains", true), None);
        await Events.RecordAsync(Event("MHC-001", 19, "tamper", false), None);
        await Events.RecordAsync(Event("MHC-001", 22, "battery-low", false), None); // arrived before its raise
        await Events.RecordAsync(Event("MHC-001", 21, "battery-low", true), None);
        await Events.RecordAsync(Event("MHC-001", 23, "door-ajar", true), None); // a type from a newer post
        await Events.RecordAsync(Event("BKK-001", 2, "tamper", true), None);
        await Events.RecordAsync(Event("BKK-001", 3, "tamper", false), None);
        await Events.RecordAsync(Event("BKK-001", 4, "tamper", true), None);

        var open = await Events.OpenTroublesAsync(None);

        Assert.Equal([("BKK-001", 4L, "tamper"), ("MHC-001", 18L, "mains"), ("MHC-001", 23L, "door-ajar")], open.Select(e => (e.PostId, e.EventId, e.Type)));
    }

    [Fact]
    public async Task A_posts_events_are_listed_newest_first_up_to_the_limit()
    {
        foreach (var id in new long[] { 3, 1, 2 })
        {
            await Events.RecordAsync(Event("MHC-001", id, "lamp", id % 2 == 1), None);
        }

        await Events.RecordAsync(Event("BKK-001", 9, "lamp", true), None);

        Assert.Equal([3L, 2, 1], (await Events.ListAsync("MHC-001", 10, None)).Select(e => e.EventId));
        Assert.Equal([3L, 2], (await Events.ListAsync("MHC-001", 2, None)).Select(e => e.EventId));
        Assert.Empty(await Events.ListAsync("ZZZ-999", 10, None));
    }

    private static PostEvent Event(string postId, long eventId, string type, bool active, long uptimeMs = 5000) =>
        new(postId, eventId, type, active, uptimeMs, null, ReceivedAt);
}
