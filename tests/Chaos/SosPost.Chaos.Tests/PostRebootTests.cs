using SosPost.Chaos.Tests.Support;

namespace SosPost.Chaos.Tests;

public sealed class PostRebootTests
{
    [Fact]
    public async Task Posts_killed_with_unconfirmed_alarms_send_them_again_from_flash_after_reboot_and_each_is_delivered_once()
    {
        await using var rig = await ChaosRig.StartAsync(new ChaosOptions { Posts = 30 });
        await rig.RunAsync(async () =>
        {
            var ct = TestContext.Current.CancellationToken;
            var confirmed = rig.PostIds.Take(10).ToList();
            var unconfirmed = rig.PostIds.Skip(10).ToList();

            await rig.PressAsync(confirmed);
            await rig.WaitForPostsAsync(confirmed, p => p.Beacon == "Received", "told their alarm was received");

            // Killed only once its deliveries are recorded: a kill between a target's 200 and that record sends the
            // alarm again (same key, the receiver drops it), which is at-least-once and not what this test is about.
            await rig.WaitUntilDeliveriesRecordedAsync();

            // No gateway to confirm: the alarms reach the broker (queued for the gateway's session) but stay in flash.
            await rig.Gateway.KillAsync(ct);
            var pressed = await rig.PressAsync(unconfirmed);
            await rig.WaitForPostsAsync(unconfirmed, p => p.PendingAlarms == 1 && p.Beacon == "Sending", "holding an unconfirmed alarm");

            // Power cut of every post (SIGKILL of the simulator), then boot from the same flash files.
            await rig.Posts.KillAsync(ct);
            await rig.Posts.StartAgainAsync(ct);
            var lastIds = pressed.ToDictionary(p => p.Id, p => p.LastAlarmId, StringComparer.Ordinal);
            await rig.WaitForPostsAsync(
                unconfirmed,
                p => p.PendingAlarms == 1 && p.LastAlarmId == lastIds[p.Id] && p.Connected,
                "rebooted with the same alarm still pending in flash");
            await rig.WaitForPostsAsync(confirmed, p => p.PendingAlarms == 0, "rebooted with nothing pending");

            // The gateway returns to the broker's queued copies and the posts' re-sends of the same alarms.
            await rig.Gateway.StartAgainAsync(ct);

            await rig.WaitUntilEveryAlarmArrivesAsync();
            var tally = await rig.AssertNothingLostAndNoDuplicatesAsync("post reboot with pending alarms");
            Assert.Equal(rig.PostIds.Count, tally.Sent);
        });
    }
}
