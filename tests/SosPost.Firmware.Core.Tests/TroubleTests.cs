using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class TroubleTests
{
    [Fact]
    public void Opening_the_cabinet_raises_a_tamper_event_that_is_in_flash_before_it_is_sent()
    {
        var rig = new PostRig().Online();
        var storedWhenSent = new List<string?>();
        rig.Link.OnPublish = p =>
        {
            if (p.Topic == Topics.Event(PostRig.PostId))
            {
                storedWhenSent.Add(rig.Store.Get("event.0"));
            }
        };

        rig.Tamper.IsActive = true;
        rig.Run(rig.Config.TroubleSettleMs + 20);

        var tamper = Assert.Single(rig.Events);
        Assert.Equal((1L, TroubleType.Tamper, true), (tamper.EventId, tamper.Type, tamper.Active));
        Assert.InRange(tamper.UptimeMs, rig.Config.TroubleSettleMs, rig.Clock.NowMs);
        Assert.Contains("\"eventId\":1", Assert.Single(storedWhenSent));
        Assert.True(rig.Core.TamperOpen);
        Assert.True(rig.Link.On(Topics.Event(PostRig.PostId))[0].Qos1);
        Assert.Contains(Topics.EventAck(PostRig.PostId), rig.Link.Subscriptions);
    }

    [Fact]
    public void A_rattling_door_shorter_than_the_settle_time_raises_nothing()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(rig.Config.TroubleSettleMs / 2);
        rig.Tamper.IsActive = false;
        rig.Run(10000);

        Assert.Empty(rig.Events);
    }

    [Fact]
    public void Closing_the_cabinet_restores_tamper_with_the_next_event_id()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(3000);
        rig.Ack(1);
        rig.Tamper.IsActive = false;
        rig.Run(3000);

        var restore = rig.Events.Last();
        Assert.Equal((2L, TroubleType.Tamper, false), (restore.EventId, restore.Type, restore.Active));
    }

    [Fact]
    public void An_event_is_resent_with_the_same_id_until_the_gateway_acknowledges_it_then_leaves_flash()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(3000 + 3 * rig.Config.AlarmResendIntervalMs);

        Assert.True(rig.Events.Count >= 3);
        Assert.All(rig.Events, e => Assert.Equal(1L, e.EventId));
        Assert.NotNull(rig.Store.Get("event.0"));

        rig.Ack(1);
        var sent = rig.Events.Count;
        rig.Run(5 * rig.Config.AlarmResendIntervalMs);

        Assert.Equal(sent, rig.Events.Count);
        Assert.Null(rig.Store.Get("event.0"));
        Assert.Equal(0, rig.Core.PendingEvents);
    }

    [Fact]
    public void Events_raised_offline_survive_a_reboot_and_go_out_oldest_first_with_their_ids()
    {
        var rig = new PostRig();
        rig.Core.Tick();
        rig.Tamper.IsActive = true;
        rig.Run(3000);
        rig.MainsVoltage.Millivolts = 0;
        rig.Run(3000);
        Assert.Empty(rig.Events);

        var after = rig.Reboot().Online();

        Assert.Equal([(1L, TroubleType.Tamper), (2L, TroubleType.Mains)], after.Events.Select(e => (e.EventId, e.Type)).Take(2));
        Assert.Equal(2, after.Core.PendingEvents);
    }

    [Fact]
    public void Event_ids_keep_counting_across_reboots()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(3000);
        rig.Ack(1);

        var after = rig.Reboot().Online();
        after.Tamper.IsActive = true;
        after.Run(3000);

        Assert.Equal(2L, after.Events.Last().EventId);
    }

    [Fact]
    public void Mains_loss_and_its_restore_are_reported_from_the_mains_supply_voltage()
    {
        var rig = new PostRig().Online();
        rig.MainsVoltage.Millivolts = 2000;
        rig.Run(3000);
        Assert.False(rig.Core.MainsPresent);
        rig.MainsVoltage.Millivolts = 13800;
        rig.Run(3000);

        Assert.Equal([(TroubleType.Mains, true), (TroubleType.Mains, false)], rig.Events.Select(e => (e.Type, e.Active)).Distinct());
    }

    [Fact]
    public void A_failed_supply_reading_changes_nothing()
    {
        var rig = new PostRig().Online();
        rig.MainsVoltage.Millivolts = -1;
        rig.Battery.Millivolts = -1;
        rig.Run(10000);

        Assert.Empty(rig.Events);
        Assert.True(rig.Core.MainsPresent);
    }

    [Fact]
    public void Battery_low_is_raised_below_the_low_threshold_and_restored_only_above_the_restore_threshold()
    {
        var rig = new PostRig().Online();
        rig.Battery.Millivolts = 11400;
        rig.Run(3000);
        rig.Battery.Millivolts = 11900; // above low, below restore: still low
        rig.Run(10000);
        Assert.Equal([true], rig.Events.Where(e => e.Type == TroubleType.BatteryLow).Select(e => e.Active).Distinct());

        rig.Battery.Millivolts = 12300;
        rig.Run(3000);

        Assert.Equal([true, false], rig.Events.Where(e => e.Type == TroubleType.BatteryLow).Select(e => e.Active).Distinct());
    }

    [Fact]
    public void A_lamp_lit_without_current_raises_lamp_and_current_seen_again_restores_it()
    {
        var rig = new PostRig().Online();
        rig.Press(); // Sending: 100 ms lit in every 200
        rig.Answer(1, AlarmState.Received);
        rig.LampSense.LampFailed = true;
        rig.Run(2000);

        Assert.True(rig.Core.LampFailed);
        Assert.Equal((TroubleType.Lamp, true), (rig.Events.Last().Type, rig.Events.Last().Active));

        rig.LampSense.LampFailed = false;
        rig.Run(1000);

        Assert.False(rig.Core.LampFailed);
        Assert.Equal([true, false], rig.Events.Where(e => e.Type == TroubleType.Lamp).Select(e => e.Active).Distinct());
    }

    [Fact]
    public void A_working_lamp_on_the_short_idle_blip_is_never_reported_failed()
    {
        var rig = new PostRig().Online();
        rig.Run(120000);

        Assert.Empty(rig.Events);
    }

    [Fact]
    public void A_full_event_outbox_coalesces_superseded_events_and_keeps_the_latest_state_of_each_trouble()
    {
        var rig = new PostRig(configure: c => c.TroubleSettleMs = 0);
        rig.Core.Tick();
        for (var i = 0; i < 40; i++)
        {
            rig.Tamper.IsActive = !rig.Tamper.IsActive;
            rig.Run(20);
        }

        rig.MainsVoltage.Millivolts = 0;
        rig.Run(20);

        Assert.Equal(EventOutbox.Capacity, rig.Core.PendingEvents);
        var after = rig.Reboot(c => c.TroubleSettleMs = 0);
        after.Core.Tick();
        after.Link.Connect();
        after.Core.Tick();
        var sent = after.Events;
        Assert.Equal(EventOutbox.Capacity, sent.Count);
        Assert.Equal((TroubleType.Tamper, false), (sent.Last(e => e.Type == TroubleType.Tamper).Type, sent.Last(e => e.Type == TroubleType.Tamper).Active));
        Assert.Equal((TroubleType.Mains, true), (sent.Last().Type, sent.Last().Active));
        Assert.Equal(sent.Select(e => e.EventId).Order(), sent.Select(e => e.EventId));
    }

    [Fact]
    public void An_alarm_goes_out_before_waiting_trouble_events()
    {
        var rig = new PostRig();
        rig.Core.Tick();
        rig.Tamper.IsActive = true;
        rig.Run(3000);
        rig.Press();
        rig.Link.Connect();
        rig.Core.Tick();

        var topics = rig.Link.Published.Select(p => p.Topic).Where(t => !t.EndsWith("/status", StringComparison.Ordinal)).ToList();
        Assert.Equal([Topics.Alarm(PostRig.PostId), Topics.Event(PostRig.PostId)], topics.Take(2));
    }

    [Fact]
    public void An_event_seen_before_the_clock_is_synced_carries_uptime_and_no_utc()
    {
        var rig = new PostRig().Online();
        rig.WallClock.IsSynced = false;
        rig.Tamper.IsActive = true;
        rig.Run(3000);

        var tamper = rig.Events[0];
        Assert.Equal(DateTime.MinValue, tamper.At);
        Assert.True(tamper.UptimeMs > 0);
    }
}
