using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class AlarmTests
{
    [Fact]
    public void Press_publishes_an_alarm_at_qos1_not_retained_with_the_press_details()
    {
        var rig = new PostRig().Online();
        rig.Run(1000);

        rig.Press();

        var published = Assert.Single(rig.Link.On(Topics.Alarm(PostRig.PostId)));
        Assert.True(published.Qos1);
        Assert.False(published.Retain);
        var alarm = Assert.Single(rig.Alarms);
        Assert.Equal(1, alarm.AlarmId);
        Assert.Equal(1, alarm.Presses);
        Assert.Equal(rig.Clock.NowMs, alarm.UptimeMs);
        Assert.Equal(IsoTime.Format(rig.WallClock.UtcNow), IsoTime.Format(alarm.PressedAt));
        Assert.Equal("panic", alarm.Kind);
        Assert.False(alarm.Test);
        Assert.True(alarm.Snapshot);
        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.Equal(1, rig.Core.CurrentAlarmId);
        Assert.Equal(1, rig.Core.PendingAlarms);
    }

    [Fact]
    public void Alarm_without_synced_clock_has_no_press_time_but_keeps_its_uptime()
    {
        var rig = new PostRig().Online();
        rig.WallClock.IsSynced = false;
        rig.Run(812);

        rig.Press();

        var alarm = Assert.Single(rig.Alarms);
        Assert.Equal(DateTime.MinValue, alarm.PressedAt);
        Assert.Equal(rig.Clock.NowMs, alarm.UptimeMs);
    }

    [Fact]
    public void Alarm_is_resent_until_gateway_acknowledges()
    {
        var rig = new PostRig().Online();
        rig.Press();

        rig.Run(4990);
        Assert.Single(rig.Alarms);
        rig.Run(10);
        Assert.Equal(2, rig.Alarms.Count);
        rig.Run(10000);
        Assert.Equal(4, rig.Alarms.Count);
        Assert.All(rig.Alarms, a => Assert.Equal(1, a.AlarmId));

        rig.Answer(1, AlarmState.Received);
        rig.Run(60000);

        Assert.Equal(4, rig.Alarms.Count);
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        Assert.Equal(0, rig.Core.PendingAlarms);
    }

    [Fact]
    public void Received_acknowledgement_removes_the_alarm_from_the_flash_outbox()
    {
        var rig = new PostRig().Online();
        rig.Press();
        Assert.True(rig.Store.Values.ContainsKey(AlarmOutbox.PendingKey));

        rig.Answer(1, AlarmState.Received);

        Assert.False(rig.Store.Values.ContainsKey(AlarmOutbox.PendingKey));
        Assert.Equal("1", rig.Store.Values[AlarmOutbox.CounterKey]);
    }

    [Fact]
    public void Dispatched_shows_dispatched_after_received()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);

        rig.Answer(1, AlarmState.Dispatched);

        Assert.Equal(BeaconState.Dispatched, rig.Core.Beacon);
    }

    [Fact]
    public void Dispatched_arriving_before_received_shows_dispatched_and_ends_the_resending()
    {
        var rig = new PostRig().Online();
        rig.Press();

        rig.Answer(1, AlarmState.Dispatched);
        rig.Answer(1, AlarmState.Received);
        rig.Run(30000);

        Assert.Equal(BeaconState.Dispatched, rig.Core.Beacon);
        Assert.Single(rig.Alarms);
        Assert.False(rig.Store.Values.ContainsKey(AlarmOutbox.PendingKey));
    }

    [Fact]
    public void Acknowledgement_of_another_alarm_id_is_ignored()
    {
        var rig = new PostRig().Online();
        rig.Press();

        rig.Answer(2, AlarmState.Received);
        rig.Answer(99, AlarmState.Dispatched);
        rig.Run(5000);

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.Equal(2, rig.Alarms.Count);
        Assert.True(rig.Log.Has("info", "ignored state of alarm 2"));
    }

    [Fact]
    public void Second_press_during_active_alarm_adds_to_press_count()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Run(100);

        rig.Press();
        rig.Press();

        var last = rig.Alarms[^1];
        Assert.Equal(1, last.AlarmId);
        Assert.Equal(3, last.Presses);
        Assert.Equal(rig.Alarms[0].UptimeMs, last.UptimeMs);
        Assert.Equal(rig.Alarms[0].PressedAt, last.PressedAt);
        Assert.Equal(1, rig.Core.LastAlarmId);
        Assert.True(PayloadCodec.TryDecodeAlarm(System.Text.Encoding.UTF8.GetBytes(rig.Store.Values[AlarmOutbox.PendingKey]), out var stored, out _));
        Assert.Equal(3, stored!.Presses);
    }

    [Fact]
    public void Press_after_gateway_received_resends_the_same_alarm_with_more_presses()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);
        rig.Run(20000);

        rig.Press();

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        var last = rig.Alarms[^1];
        Assert.Equal(1, last.AlarmId);
        Assert.Equal(2, last.Presses);

        rig.Answer(1, AlarmState.Received);
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        Assert.Equal(0, rig.Core.PendingAlarms);
    }

    [Fact]
    public void Press_after_dispatched_creates_a_new_alarm()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Dispatched);

        rig.Press();

        var last = rig.Alarms[^1];
        Assert.Equal(2, last.AlarmId);
        Assert.Equal(1, last.Presses);
        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
    }

    [Fact]
    public void Press_count_stops_at_the_protocol_maximum()
    {
        var rig = new PostRig().Online();
        for (var i = 0; i < PayloadCodec.MaxPresses + 5; i++)
        {
            rig.Press();
        }

        Assert.Equal(PayloadCodec.MaxPresses, rig.Alarms[^1].Presses);
        Assert.Equal(1, rig.Alarms[^1].AlarmId);
    }

    [Fact]
    public void Acknowledged_alarm_returns_to_idle_after_the_hold_time_and_the_next_press_is_a_new_alarm()
    {
        var rig = new PostRig(configure: c => c.AcknowledgedHoldMs = 600000).Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);

        rig.Run(599990);
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        rig.Run(10);
        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);
        Assert.Equal(0, rig.Core.CurrentAlarmId);

        rig.Press();
        Assert.Equal(2, rig.Alarms[^1].AlarmId);
    }

    [Fact]
    public void Dispatched_hold_time_counts_from_the_dispatch()
    {
        var rig = new PostRig(configure: c => c.AcknowledgedHoldMs = 60000).Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);
        rig.Run(50000);
        rig.Answer(1, AlarmState.Dispatched);

        rig.Run(59000);
        Assert.Equal(BeaconState.Dispatched, rig.Core.Beacon);
        rig.Run(1000);
        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);
    }

    [Fact]
    public void Pending_alarm_never_times_out()
    {
        var rig = new PostRig(configure: c => c.AcknowledgedHoldMs = 60000).Online();
        rig.Press();

        rig.Run(3600000);

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.Equal(721, rig.Alarms.Count);
    }

    [Fact]
    public void Alarm_pressed_while_disconnected_is_sent_as_soon_as_the_link_connects()
    {
        var rig = new PostRig();
        rig.Core.Tick();
        rig.Run(1000);
        var pressedAtMs = rig.Clock.NowMs;
        rig.Press();
        rig.Run(20000);
        Assert.Empty(rig.Link.Published);
        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);

        rig.Link.Connect();
        rig.Core.Tick();

        var alarm = Assert.Single(rig.Alarms);
        Assert.Equal(pressedAtMs, alarm.UptimeMs);
    }

    [Fact]
    public void Pending_alarm_is_resent_immediately_after_a_reconnection()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Run(1000);
        rig.Link.Disconnect();
        rig.Run(1000);

        rig.Link.Connect();
        rig.Core.Tick();

        Assert.Equal(2, rig.Alarms.Count);
    }

    [Fact]
    public void Refused_publish_is_retried_at_the_resend_interval()
    {
        var rig = new PostRig().Online();
        rig.Link.AcceptPublishes = false;
        rig.Press();
        Assert.Equal(1, rig.Link.RefusedPublishes);
        Assert.True(rig.Log.Has("warn", "not accepted"));

        rig.Link.AcceptPublishes = true;
        rig.Run(4990);
        Assert.Empty(rig.Alarms);
        rig.Run(10);
        Assert.Single(rig.Alarms);
    }
}
