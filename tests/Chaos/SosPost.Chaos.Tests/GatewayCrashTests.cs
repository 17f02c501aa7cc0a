using SosPost.Chaos.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests;

public sealed class GatewayCrashTests
{
    [Fact]
    public async Task Alarms_stored_but_not_yet_delivered_when_the_gateway_is_killed_are_delivered_once_after_it_restarts()
    {
        await using var rig = await ChaosRig.StartAsync();
        await rig.RunAsync(async () =>
        {
            var ct = TestContext.Current.CancellationToken;
            var first = rig.PostIds.Take(24).ToList();
            var whileDown = rig.PostIds.Skip(24).ToList();

            // Dispatch answers 503, so whatever the gateway stores sits in its outbox, undelivered, when it dies.
            rig.DispatchUp = false;
            var storm = rig.PressAsync(first);
            await Eventually.WaitUntilAsync(async () => (await rig.StoredAsync()).Count >= 10, ChaosRig.Deadline, "part of the storm is stored", ct);
            Assert.Empty(rig.Targets.Values.SelectMany(r => ChaosRig.Accepted(r).Keys));
            await rig.Gateway.KillAsync(ct);
            await storm;

            // Presses while no gateway runs: the broker holds them for the gateway's session, the posts keep them.
            await rig.PressAsync(whileDown);
            await rig.WaitForPostsAsync(whileDown, p => p.PendingAlarms == 1 && p.Beacon == "Sending", "holding an unconfirmed alarm while the gateway is down");

            await rig.Gateway.StartAgainAsync(ct);
            rig.DispatchUp = true;

            await rig.WaitUntilEveryAlarmArrivesAsync();
            var tally = await rig.AssertNothingLostAndNoDuplicatesAsync("gateway kill -9");
            Assert.Equal(rig.PostIds.Count, tally.Sent);
        });
    }
}
