using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class SelfTestTests
{
    [Fact]
    public void A_commanded_self_test_checks_lamp_camera_storage_and_link_and_reports_with_the_command_id()
    {
        var rig = new PostRig().Online();
        rig.Command(CommandMessage.SelfTest, "c-18");
        Assert.Equal(BeaconState.TechnicianTest, rig.Core.Beacon);
        while (rig.Alarms.Count == 0 && rig.Clock.NowMs < 5000)
        {
            rig.Run(10);
        }

        var test = Assert.Single(rig.Alarms);
        Assert.True(test.Test);
        Assert.Null(rig.Link.SelfTests(PostRig.PostId).FirstOrDefault());
        rig.Run(40);
        rig.Answer(test.AlarmId, AlarmState.Received);

        var report = Assert.Single(rig.Link.SelfTests(PostRig.PostId));
        Assert.Equal(("c-18", SelfTestTrigger.Command, true), (report.Id, report.Trigger, report.Ok));
        Assert.Equal([SelfTestOutcome.Pass, SelfTestOutcome.Pass, SelfTestOutcome.Pass, SelfTestOutcome.Pass], new[] { report.Lamp, report.Camera, report.Storage, report.Link });
        Assert.InRange(report.LinkRttMs, 40, 50);
        Assert.Null(rig.Store.Get(SelfTest.ScratchKey));
        Assert.Contains(rig.Camera!.Changes, c => c.On && c.AtMs > 0);
    }

    [Fact]
    public void A_received_test_alarm_never_shows_received_or_dispatched_on_the_beacon()
    {
        var rig = new PostRig().Online();
        rig.Command(CommandMessage.SelfTest, "c-1");
        rig.Run(1000);
        var id = rig.Alarms.Single().AlarmId;
        rig.Answer(id, AlarmState.Received);
        rig.Answer(id, AlarmState.Dispatched);
        rig.Run(100);

        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);
        Assert.Equal(0, rig.Core.CurrentAlarmId);
    }

    [Fact]
    public void A_failed_lamp_and_an_unanswered_test_alarm_fail_the_report_and_the_test_alarm_is_dropped()
    {
        var rig = new PostRig().Online();
        rig.LampSense.LampFailed = true;
        rig.Command(CommandMessage.SelfTest, "c-2");
        rig.Run(rig.Config.SelfTestLinkTimeoutMs + 2000);

        var report = Assert.Single(rig.Link.SelfTests(PostRig.PostId));
        Assert.False(report.Ok);
        Assert.Equal((SelfTestOutcome.Fail, SelfTestOutcome.Fail, SelfTestMessage.NoRoundTrip), (report.Lamp, report.Link, report.LinkRttMs));
        Assert.Equal(0, rig.Core.PendingAlarms);
        Assert.Null(rig.Store.Get(AlarmOutbox.PendingKey));
        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);
    }

    [Fact]
    public void A_long_press_with_the_cabinet_open_starts_a_button_self_test_and_no_alarm()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(3000);
        var startMs = rig.Clock.NowMs;
        rig.Button.Hold();
        rig.Run(rig.Config.SelfTestPressMs + 100);
        rig.Button.Release();
        rig.Run(1000);

        Assert.True(rig.Alarms.All(a => a.Test));
        rig.Answer(rig.Alarms[0].AlarmId, AlarmState.Received);
        var report = Assert.Single(rig.Link.SelfTests(PostRig.PostId));
        Assert.Equal(SelfTestTrigger.Button, report.Trigger);
        Assert.StartsWith("b-", report.Id, StringComparison.Ordinal);
        Assert.InRange(long.Parse(report.Id[2..], System.Globalization.CultureInfo.InvariantCulture), startMs, startMs + rig.Config.SelfTestPressMs + 100);
    }

    [Fact]
    public void A_short_press_with_the_cabinet_open_is_still_a_real_alarm()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(3000);
        rig.Press();

        var alarm = Assert.Single(rig.Alarms);
        Assert.False(alarm.Test);
    }

    [Fact]
    public void A_citizens_press_during_a_self_test_ends_it_and_alarms_for_real()
    {
        var rig = new PostRig().Online();
        rig.Command(CommandMessage.SelfTest, "c-3");
        rig.Run(1000);
        rig.Press();

        Assert.False(rig.Core.SelfTestRunning);
        Assert.False(rig.Alarms.Last().Test);
        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        var report = Assert.Single(rig.Link.SelfTests(PostRig.PostId));
        Assert.Equal(SelfTestOutcome.Fail, report.Link);
    }
}
