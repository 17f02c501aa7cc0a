using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class RobustnessTests
{
    [Theory]
    [InlineData("", "811c9dc5")]
    [InlineData("a", "e40c292c")]
    [InlineData("foobar", "bf9cf968")]
    public void Config_hash_is_fnv1a_32_as_eight_lowercase_hex(string text, string hash)
    {
        Assert.Equal(hash, ConfigHash.Of(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("ButtonHoldMs")]
    [InlineData("StuckButtonMs")]
    [InlineData("BatteryRestoreMv")]
    public void Config_validation_names_the_setting_out_of_range(string name)
    {
        var config = new PostConfig { PostId = "MHC-001", MessageKey = PostRig.Key };
        typeof(PostConfig).GetProperty(name)!.SetValue(config, Convert.ChangeType(-5, typeof(PostConfig).GetProperty(name)!.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.StartsWith(name + " is -5: it must be from", config.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void Safe_fault_mode_shows_the_fault_beacon_logs_the_problem_each_minute_and_feeds_the_watchdog()
    {
        var clock = new FakeClock();
        var beacon = new VirtualPin(clock);
        var system = new SystemControlRecorder();
        var log = new RecordingLog();
        var fault = new SafeFaultMode("postId: missing", clock, beacon, system, log);
        for (var i = 0; i < 6100; i++)
        {
            clock.NowMs += 20;
            fault.Tick();
        }

        Assert.All(beacon.Changes, c => Assert.Equal(BeaconPattern.IsLit(BeaconState.Fault, c.AtMs), c.On));
        Assert.True(beacon.Changes.Count > 100);
        Assert.Equal(6100, system.Feeds);
        Assert.Empty(system.Restarts);
        Assert.Equal(3, log.Entries.Count(e => e.Message.Contains("postId: missing", StringComparison.Ordinal)));
    }

    [Fact]
    public void Watchdog_is_fed_every_completed_tick_and_not_when_the_clock_has_frozen()
    {
        var rig = new PostRig().Online();
        rig.Run(1000);
        var fed = rig.System.Feeds;
        Assert.True(fed >= 100);

        for (var i = 0; i < WatchdogFeeder.MaxTicksWithoutTime + 50; i++)
        {
            rig.Core.Tick();
        }

        Assert.InRange(rig.System.Feeds - fed, WatchdogFeeder.MaxTicksWithoutTime - 1, WatchdogFeeder.MaxTicksWithoutTime);
    }

    [Fact]
    public void Boots_without_a_clean_run_enter_safe_mode_which_still_alarms_and_a_stable_run_clears_the_count()
    {
        var rig = new PostRig();
        for (var i = 0; i < 4; i++)
        {
            rig.Run(1000);
            rig = rig.Reboot();
        }

        Assert.True(rig.Core.SafeMode);
        rig.Online();
        rig.Tamper.IsActive = true;
        rig.Command(CommandMessage.SelfTest, "c-9");
        rig.Press();
        rig.Run(5000);
        Assert.Single(rig.Alarms.Select(a => a.AlarmId).Distinct());
        Assert.Empty(rig.Events);
        Assert.Empty(rig.Link.SelfTests(PostRig.PostId));

        rig.Run(rig.Config.StableRunMs);
        Assert.Equal("0", rig.Store.Get(CrashLoopGuard.UnstableBootsKey));
        Assert.False(rig.Reboot().Core.SafeMode);
    }

    [Fact]
    public void Safe_mode_reports_a_crash_when_no_reset_reason_was_recorded()
    {
        var store = new InMemoryKeyValueStore();
        store.Set(CrashLoopGuard.UnstableBootsKey, "10");
        var rig = new PostRig(store, configure: c => c.HeartbeatIntervalMs = 1000, resetReason: ResetReason.Unknown).Online();
        rig.Run(1000);

        Assert.Equal(ResetReason.Crash, rig.Link.Heartbeats(PostRig.PostId).Last().LastReset);
    }

    [Fact]
    public void First_connection_waits_a_per_post_jitter_that_differs_between_posts_and_repeats_per_post()
    {
        var delays = Enumerable.Range(1, 50).Select(i => ConnectJitter.DelayMs("MHC-" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), "3f2a9c41", 20000)).ToList();
        Assert.All(delays, d => Assert.InRange(d, 0, 20000));
        Assert.True(delays.Distinct().Count() > 45, "posts spread out");
        Assert.True(delays.Max() - delays.Min() > 15000, "over the whole window");
        Assert.Equal(delays[0], ConnectJitter.DelayMs("MHC-001", "3f2a9c41", 20000));

        var rig = new PostRig(configure: c => c.ConnectJitterMaxMs = 20000);
        var openAt = rig.Core.FirstConnectAtMs;
        rig.Run(Math.Max(0, openAt - 10));
        Assert.Equal(0, rig.Link.OpenCalls);
        rig.Run(20);
        Assert.Equal(1, rig.Link.OpenCalls);
    }

    [Fact]
    public void A_pending_alarm_does_not_wait_for_the_connect_jitter()
    {
        var rig = new PostRig(configure: c => c.ConnectJitterMaxMs = 600000);
        rig.Core.Tick();
        rig.Press();

        Assert.Equal(1, rig.Link.OpenCalls);
    }
}
