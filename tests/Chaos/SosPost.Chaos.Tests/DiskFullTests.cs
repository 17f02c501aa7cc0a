using SosPost.Chaos.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests;

public sealed class DiskFullTests
{
    [Fact]
    public async Task A_gateway_whose_store_disk_is_full_stays_up_confirms_nothing_it_could_not_store_and_stores_everything_once_space_is_freed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (mounted, reason) = await SmallDisk.TryMountAsync(megabytes: 32, ct);
        if (mounted is null)
        {
            Assert.Skip("A small tmpfs for the gateway's store cannot be mounted here (the test needs root): " + reason);
        }

        await using var disk = mounted;
        await using var rig = await ChaosRig.StartAsync(new ChaosOptions { Posts = 30, DatabaseDirectory = disk.Path });
        await rig.RunAsync(async () =>
        {
            var before = rig.PostIds.Take(10).ToList();
            var whileFull = rig.PostIds.Skip(10).ToList();

            await rig.PressAsync(before);
            await rig.WaitUntilEveryAlarmArrivesAsync();
            await rig.WaitUntilDeliveriesRecordedAsync();

            await disk.FillAsync(ct);
            Assert.Equal(0, disk.FreeBytes);
            await rig.PressAsync(whileFull);

            // Each of these alarms reaches the gateway and fails to be stored (SQLITE_FULL), again at every re-send.
            await Eventually.WaitUntilAsync(
                () => whileFull.All(id => rig.Gateway.CountInLog("Could not store the message on sos/v1/" + id + "/alarm") >= 2),
                ChaosRig.Deadline,
                "the gateway has failed to store every alarm pressed while the disk is full, twice",
                ct);
            var storedWhileFull = (await rig.StoredAsync()).Select(a => a.PostId).ToHashSet(StringComparer.Ordinal);
            Assert.DoesNotContain(whileFull, storedWhileFull.Contains);
            Assert.True(rig.Gateway.IsRunning, "the gateway exited on a full disk");
            await rig.WaitForPostsAsync(whileFull, p => p.PendingAlarms == 1 && p.Beacon == "Sending", "still holding their alarm (never told received)", TimeSpan.FromSeconds(5));
            var full = rig.Gateway.CountInLog("Could not store the message on");

            disk.Free();

            await rig.WaitUntilEveryAlarmArrivesAsync();
            var tally = await rig.AssertNothingLostAndNoDuplicatesAsync("store disk full");
            TestContext.Current.SendDiagnosticMessage("chaos store disk full: {0} intake writes refused with SQLITE_FULL while full", full);
            Assert.Equal(rig.PostIds.Count, tally.Sent);
            Assert.True(rig.Gateway.IsRunning);
        });
    }
}
