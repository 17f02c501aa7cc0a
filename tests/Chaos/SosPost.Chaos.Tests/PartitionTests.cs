using SosPost.Chaos.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests;

public sealed class PartitionTests
{
    [Fact]
    public async Task Alarms_pressed_while_the_posts_are_cut_off_from_the_broker_arrive_once_after_the_network_heals()
    {
        await using var rig = await ChaosRig.StartAsync(new ChaosOptions { Posts = 30, PostsThroughProxy = true });
        await rig.RunAsync(async () =>
        {
            var ct = TestContext.Current.CancellationToken;
            var proxy = rig.Proxy!;
            var before = rig.PostIds.Take(8).ToList();
            var during = rig.PostIds.Skip(8).Take(16).ToList();
            var afterHeal = rig.PostIds.Skip(24).ToList();

            await rig.PressAsync(before);
            await rig.WaitForPostsAsync(before, p => p.Beacon == "Received", "told their alarm was received");

            // Blackhole: the posts' TCP connections stay open, every byte both ways is dropped. The posts do not
            // know yet (their keep-alive is 30 s), so they publish into the void and must keep their alarms.
            proxy.Partition();
            await rig.PressAsync(during);
            var droppedAtPress = proxy.BytesDropped;

            // Held until the posts' re-sends (every 5 s) have been swallowed too, not just the first publish.
            await Eventually.WaitUntilAsync(
                () => proxy.BytesDropped > droppedAtPress + (during.Count * 100),
                ChaosRig.Deadline,
                "the posts' re-sent alarms are dropped by the partition",
                ct);
            var storedDuring = (await rig.StoredAsync()).Select(a => a.PostId).ToHashSet(StringComparer.Ordinal);
            Assert.DoesNotContain(during, storedDuring.Contains);
            await rig.WaitForPostsAsync(during, p => p.PendingAlarms == 1 && p.Beacon == "Sending", "holding their alarm during the partition", TimeSpan.FromSeconds(5));

            proxy.Heal();
            await rig.PressAsync(afterHeal);

            await rig.WaitUntilEveryAlarmArrivesAsync();
            var tally = await rig.AssertNothingLostAndNoDuplicatesAsync("post-broker partition");
            TestContext.Current.SendDiagnosticMessage("chaos post-broker partition: {0} bytes blackholed", proxy.BytesDropped);
            Assert.Equal(rig.PostIds.Count, tally.Sent);
        });
    }
}
