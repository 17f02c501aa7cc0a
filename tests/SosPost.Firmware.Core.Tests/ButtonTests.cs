using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class ButtonTests
{
    [Fact]
    public void By_default_the_first_touch_alarms_without_any_hold()
    {
        var rig = new PostRig().Online();
        rig.Press();

        Assert.Single(rig.Alarms);
        Assert.Equal(0, new PostConfig().ButtonHoldMs);
    }

    [Fact]
    public void With_a_hold_time_a_short_jab_does_not_alarm_and_a_held_press_alarms_once_the_hold_is_reached()
    {
        var rig = new PostRig(configure: c => c.ButtonHoldMs = 500).Online();
        rig.Press();
        rig.Run(1000);
        Assert.Empty(rig.Alarms);

        rig.Button.Hold();
        rig.Run(400);
        Assert.Empty(rig.Alarms);
        rig.Run(200);

        var alarm = Assert.Single(rig.Alarms);
        Assert.InRange(alarm.UptimeMs, 1000, 1100);
    }

    [Fact]
    public void Bounce_shorter_than_the_debounce_time_is_not_a_held_press()
    {
        var rig = new PostRig(configure: c => { c.ButtonHoldMs = 100; c.ButtonDebounceMs = 30; }).Online();
        for (var i = 0; i < 50; i++)
        {
            rig.Button.SetLevel(i % 2 == 0);
            rig.Run(10);
        }

        rig.Button.SetLevel(false);
        rig.Run(1000);

        Assert.Empty(rig.Alarms);
    }

    [Fact]
    public void Presses_during_an_active_alarm_add_to_its_press_count_instead_of_new_alarms()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Run(100);
        rig.Press();
        rig.Answer(1, AlarmState.Received);
        rig.Press();

        Assert.All(rig.Alarms, a => Assert.Equal(1L, a.AlarmId));
        Assert.Equal(3, rig.Alarms.Last().Presses);
    }

    [Fact]
    public void A_button_held_past_the_stuck_limit_makes_one_alarm_and_one_stuck_trouble_restored_on_release()
    {
        var rig = new PostRig().Online();
        rig.Button.Hold();
        rig.Run(rig.Config.StuckButtonMs - 100);
        Assert.Empty(rig.Events);

        rig.Run(200);
        Assert.True(rig.Core.ButtonStuck);
        Assert.Equal((TroubleType.StuckButton, true), (rig.Events.Last().Type, rig.Events.Last().Active));

        rig.Run(600000);
        rig.Button.Release();
        rig.Run(100);

        Assert.Single(rig.Alarms.Select(a => a.AlarmId).Distinct());
        Assert.Equal(1, rig.Alarms.Last().Presses);
        Assert.Equal([true, false], rig.Events.Where(e => e.Type == TroubleType.StuckButton).Select(e => e.Active).Distinct());
        Assert.False(rig.Core.ButtonStuck);
    }

    [Fact]
    public void After_a_stuck_button_is_released_the_next_press_alarms_again()
    {
        var rig = new PostRig().Online();
        rig.Button.Hold();
        rig.Run(rig.Config.StuckButtonMs + 100);
        rig.Button.Release();
        rig.Run(100);
        rig.Answer(1, AlarmState.Dispatched);
        rig.Run(rig.Config.AcknowledgedHoldMs);

        rig.Press();

        Assert.Equal(2L, rig.Alarms.Last().AlarmId);
    }
}
