using SosPost.Gateway.Security;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IPostCounterStore"/> does, whatever database is under it (docs/protocol.md, "Messages to the post").</summary>
public abstract class PostCounterStoreContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private IPostCounterStore Counters => Store.PostCounters;

    [Fact]
    public async Task A_posts_reply_counter_starts_at_the_clock_in_microseconds_and_then_counts_by_one()
    {
        var first = await Counters.NextReplyCounterAsync("MHC-001", T0, None);
        var second = await Counters.NextReplyCounterAsync("MHC-001", T0.AddSeconds(30), None);
        var other = await Counters.NextReplyCounterAsync("BKK-001", T0.AddSeconds(30), None);

        Assert.Equal(Micros(T0), first);
        Assert.Equal(first + 1, second);
        Assert.Equal(Micros(T0.AddSeconds(30)), other);
    }

    [Fact]
    public async Task A_reply_counter_more_than_a_minute_behind_the_clock_jumps_to_it_and_never_goes_back()
    {
        await Counters.NextReplyCounterAsync("MHC-001", T0, None);

        var later = await Counters.NextReplyCounterAsync("MHC-001", T0.AddMinutes(2), None);
        var clockWentBack = await Counters.NextReplyCounterAsync("MHC-001", T0.AddHours(-1), None);

        Assert.Equal(Micros(T0.AddMinutes(2)), later);
        Assert.Equal(later + 1, clockWentBack);
    }

    [Fact]
    public async Task Reply_counters_taken_at_once_are_all_different()
    {
        var counters = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => Counters.NextReplyCounterAsync("MHC-001", T0.AddMilliseconds(i), None))));

        Assert.Equal(16, counters.Distinct().Count());
        Assert.Equal(counters.Min() + 15, counters.Max());
    }

    [Fact]
    public async Task Reply_counters_survive_a_restarted_gateway()
    {
        var before = await Counters.NextReplyCounterAsync("MHC-001", T0, None);
        await using var restarted = Store.Reopen();

        Assert.Equal(before + 1, await restarted.PostCounters.NextReplyCounterAsync("MHC-001", T0, None));
    }

    [Fact]
    public async Task Each_last_will_is_taken_once_and_an_older_one_never()
    {
        Assert.True(await Counters.TryTakeAsync("MHC-001", 11, None));
        Assert.True(await Counters.TryTakeWillAsync("MHC-001", 10, None));
        Assert.False(await Counters.TryTakeWillAsync("MHC-001", 10, None)); // a recorded copy

        Assert.True(await Counters.TryTakeAsync("MHC-001", 12, None));
        Assert.False(await Counters.TryTakeWillAsync("MHC-001", 10, None)); // a copy, though the post was heard since
        Assert.False(await Counters.TryTakeWillAsync("MHC-001", 9, None)); // an older will
        Assert.True(await Counters.TryTakeWillAsync("MHC-001", 13, None)); // the next connection's will
    }

    private static long Micros(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / 10;
}
