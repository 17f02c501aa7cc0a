using SosPost.Chaos.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests;

public sealed class BrokerCrashTests
{
    [Fact]
    public async Task Every_alarm_of_a_storm_arrives_once_when_the_broker_is_killed_and_restarted_in_the_middle_of_it()
    {
        await using var rig = await ChaosRig.StartAsync();
        await rig.RunAsync(async () =>
        {
            var ct = TestContext.Current.CancellationToken;
            var before = rig.PostIds.Take(16).ToList();
            var whileDown = rig.PostIds.Skip(16).Take(14).ToList();
            var after = rig.PostIds.Skip(30).ToList();

            // The storm starts; the broker dies (SIGKILL, so nothing it held in memory is saved) once some of it is
            // stored and while the rest is still on its way.
            var storm = rig.PressAsync(before);
            await Eventually.WaitUntilAsync(async () => (await rig.StoredAsync()).Count >= 4, ChaosRig.Deadline, "the first alarms of the storm are stored", ct);
            await rig.Broker.KillAsync(ct);
            await storm;

            // Presses while the broker is down wait in the posts' flash; pressing again joins the same alarm.
            await rig.PressAsync(whileDown);
            await rig.PressAsync(before.Take(5));
            await rig.WaitForPostsAsync(whileDown, p => p.PendingAlarms == 1 && p.Beacon == "Sending", "holding an unconfirmed alarm while the broker is down");

            await rig.Broker.RestartAsync(ct);
            await rig.PressAsync(after);

            await rig.WaitUntilEveryAlarmArrivesAsync();
            var tally = await rig.AssertNothingLostAndNoDuplicatesAsync("broker kill -9");
            Assert.Equal(rig.PostIds.Count, tally.Sent);
            Assert.True(rig.Gateway.IsRunning);
        });
    }
}
