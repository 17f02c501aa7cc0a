using SosPost.Gateway.Security;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Security;

/// <summary>The anti-replay window and its durable store (docs/security.md, "Message authentication").</summary>
public sealed class PostCounterTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Each_counter_is_taken_once_and_late_ones_within_64_still_are()
    {
        var window = new ReplayWindow(0, 0);
        foreach (var counter in new long[] { 100, 103, 101, 102, 200, 137, 199 })
        {
            window = window.Take(counter) ?? throw new InvalidOperationException(counter + " refused");
        }

        Assert.Null(window.Take(200));
        Assert.Null(window.Take(199));
        Assert.Null(window.Take(137));
        Assert.Null(window.Take(135)); // more than 64 below the highest
        Assert.NotNull(window.Take(136)); // 64 below: still in the window
        Assert.NotNull(window.Take(138));
        Assert.NotNull(window.Take(264));
        Assert.Null(new ReplayWindow(264, window.Take(264)!.Value.Seen).Take(200));
        Assert.NotNull(window.Take(long.MaxValue));
    }

    [Fact]
    public async Task Counters_survive_a_new_store_over_the_same_database_and_posts_are_independent()
    {
        var first = new SqlitePostCounterStore(new SqliteDatabase(_directory.DatabasePath), TimeProvider.System);
        Assert.True(await first.TryTakeAsync("MHC-001", 5, Ct));
        Assert.True(await first.TryTakeAsync("MHC-001", 3, Ct));
        Assert.True(await first.TryTakeAsync("BKK-001", 5, Ct));

        var restarted = new SqlitePostCounterStore(new SqliteDatabase(_directory.DatabasePath), TimeProvider.System);
        Assert.False(await restarted.TryTakeAsync("MHC-001", 5, Ct));
        Assert.False(await restarted.TryTakeAsync("MHC-001", 3, Ct));
        Assert.True(await restarted.TryTakeAsync("MHC-001", 4, Ct));
        Assert.True(await restarted.TryTakeAsync("MHC-001", 6, Ct));
    }

    [Fact]
    public async Task Concurrent_takes_of_one_counter_succeed_exactly_once()
    {
        var store = new SqlitePostCounterStore(new SqliteDatabase(_directory.DatabasePath), TimeProvider.System);
        await store.TryTakeAsync("MHC-001", 1, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryTakeAsync("MHC-001", 42, Ct), Ct)));

        Assert.Single(results, taken => taken);
    }

    public void Dispose() => _directory.Dispose();
}
