using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IPostStore"/> does, whatever database is under it.</summary>
public abstract class PostStoreContract : StoreContract
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 3, 0, 0, 250, TimeSpan.Zero);
    private static readonly PostHealth Health = new("wifi", -61, true, 12650, false, "ok", 48_000, "power-on", 0, At);

    private IPostStore Posts => Store.Posts;

    [Fact]
    public async Task Upserting_posts_adds_new_ones_updates_known_ones_and_keeps_unlisted_ones()
    {
        var market = new Post("MHC-001", "Market", 50.1, 8.6, "Market 1", "Station A", "north", new Uri("http://cam.local/1.jpg"));
        var bridge = new Post("BKK-001", "Bridge", 50.2, 8.7, "Bridge 2", "Station B");
        await Posts.UpsertAsync([market, bridge], At, None);

        var moved = market with { Name = "Market hall", Latitude = 50.15, Group = "south", Camera = null };
        await Posts.UpsertAsync([moved], At.AddDays(1), None);

        Assert.Equal([bridge, moved], (await Posts.AllAsync(None)).OrderBy(p => p.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_presence_report_with_null_fields_keeps_what_was_stored_before()
    {
        await Posts.UpdatePresenceAsync(new PostPresence("MHC-001", true, "0.3.0", At, 5000, At, "cfg-1", Health), None);

        // A last will says only "offline"; a status says firmware but carries no health.
        await Posts.UpdatePresenceAsync(new PostPresence("MHC-001", false, null, null, null, null), None);

        Assert.Equal(new PostPresence("MHC-001", false, "0.3.0", At, 5000, At, "cfg-1", Health), await Posts.GetPresenceAsync("MHC-001", None));
    }

    [Fact]
    public async Task A_heartbeat_replaces_the_whole_health_even_with_null_signal_strength()
    {
        await Posts.UpdatePresenceAsync(new PostPresence("MHC-001", true, "0.3.0", At, 5000, At, "cfg-1", Health), None);
        var ethernet = Health with { Link = "ethernet", RssiDbm = null, MainsPresent = false, Tamper = true, ReportedAt = At.AddMinutes(1) };

        await Posts.UpdatePresenceAsync(new PostPresence("MHC-001", true, null, At.AddMinutes(1), 65000, At.AddMinutes(1), null, ethernet), None);

        Assert.Equal(new PostPresence("MHC-001", true, "0.3.0", At.AddMinutes(1), 65000, At.AddMinutes(1), "cfg-1", ethernet), await Posts.GetPresenceAsync("MHC-001", None));
    }

    [Fact]
    public async Task Presence_is_listed_for_every_post_that_reported_and_unknown_posts_have_none()
    {
        await Posts.UpdatePresenceAsync(new PostPresence("MHC-001", true, "0.3.0", At, 5000, At), None);
        await Posts.UpdatePresenceAsync(new PostPresence("BKK-001", false, null, null, null, null), None);

        Assert.Equal(
            [new PostPresence("BKK-001", false, null, null, null, null), new PostPresence("MHC-001", true, "0.3.0", At, 5000, At)],
            (await Posts.AllPresenceAsync(None)).OrderBy(p => p.PostId, StringComparer.Ordinal));
        Assert.Null(await Posts.GetPresenceAsync("ZZZ-999", None));
    }
}
