using System.Text;
using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

/// <summary>What survives a power cut: the alarm counter and the pending alarm, both in flash.</summary>
public sealed class RebootTests
{
    [Fact]
    public void Alarm_id_is_unique_across_reboots()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Dispatched);
        rig.Press();
        rig.Answer(2, AlarmState.Dispatched);

        var after = rig.Reboot().Online();
        Assert.Equal(2, after.Core.LastAlarmId);
        after.Press();

        Assert.Equal(3, Assert.Single(after.Alarms).AlarmId);
    }

    [Fact]
    public void Alarm_counter_and_outbox_are_in_flash_before_the_alarm_is_published()
    {
        var rig = new PostRig().Online();
        string? counterAtPublish = null;
        string? outboxAtPublish = null;
        rig.Link.OnPublish = p =>
        {
            if (p.Topic == Topics.Alarm(PostRig.PostId))
            {
                counterAtPublish = rig.Store.Get(AlarmOutbox.CounterKey);
                outboxAtPublish = rig.Store.Get(AlarmOutbox.PendingKey);
            }
        };

        rig.Press();

        Assert.Equal("1", counterAtPublish);
        Assert.Equal(Signing.Unsigned(rig.Link.On(Topics.Alarm(PostRig.PostId))[0].Payload), outboxAtPublish);
    }

    [Fact]
    public void Pending_alarm_survives_reboot_with_original_press_time()
    {
        var rig = new PostRig();
        rig.Core.Tick();
        rig.Run(5234);
        rig.Press();
        rig.Press();
        var original = rig.Store.Get(AlarmOutbox.PendingKey);
        Assert.NotNull(original);

        // Power cut before any connection; the post comes back hours later.
        var after = rig.Reboot();
        after.WallClock.BaseUtc = rig.WallClock.BaseUtc.AddHours(3);
        Assert.Equal(BeaconState.Sending, after.Core.Beacon);
        Assert.Equal(1, after.Core.PendingAlarms);
        after.Online();

        var alarm = Assert.Single(after.Alarms);
        Assert.Equal(1, alarm.AlarmId);
        Assert.Equal(2, alarm.Presses);
        Assert.Equal(5234, alarm.UptimeMs);
        Assert.Equal(IsoTime.Format(rig.WallClock.BaseUtc.AddMilliseconds(5234)), IsoTime.Format(alarm.PressedAt));
        Assert.Equal(original, Signing.Unsigned(after.Link.On(Topics.Alarm(PostRig.PostId))[0].Payload));
        Assert.True(after.Log.Has("info", "pending from before the restart"));
    }

    [Fact]
    public void Restored_alarm_is_resent_until_received_and_a_press_joins_it()
    {
        var rig = new PostRig().Online();
        rig.Press();
        var after = rig.Reboot().Online();

        after.Press();
        Assert.Equal(1, after.Alarms[^1].AlarmId);
        Assert.Equal(2, after.Alarms[^1].Presses);
        after.Answer(1, AlarmState.Received);
        after.Run(20000);

        Assert.Equal(2, after.Alarms.Count);
        Assert.Null(after.Store.Get(AlarmOutbox.PendingKey));
        Assert.Equal(BeaconState.Received, after.Core.Beacon);
    }

    [Fact]
    public void Received_alarm_does_not_come_back_after_reboot()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);

        var after = rig.Reboot().Online();
        after.Run(20000);

        Assert.Empty(after.Alarms);
        Assert.Equal(BeaconState.Idle, after.Core.Beacon);
    }

    [Fact]
    public void Alarm_is_sent_even_when_flash_writes_fail()
    {
        var rig = new PostRig().Online();
        rig.Store.FailWrites = true;

        rig.Press();

        Assert.Equal(1, Assert.Single(rig.Alarms).AlarmId);
        Assert.True(rig.Log.Has("error", "alarm counter could not be stored"));
        Assert.True(rig.Log.Has("error", "pending alarm could not be stored"));

        rig.Answer(1, AlarmState.Received);
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        Assert.True(rig.Log.Has("error", "could not be removed"));
    }

    [Fact]
    public void Unreadable_pending_alarm_is_logged_and_dropped()
    {
        var store = new InMemoryKeyValueStore();
        store.Values[AlarmOutbox.CounterKey] = "7";
        store.Values[AlarmOutbox.PendingKey] = "{\"v\":1,\"alarmId\":";

        var rig = new PostRig(store).Online();

        Assert.True(rig.Log.Has("error", "pending alarm in flash is unreadable (not-json)"));
        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);
        Assert.False(store.Values.ContainsKey(AlarmOutbox.PendingKey));
        rig.Press();
        Assert.Equal(8, rig.Alarms[^1].AlarmId);
    }

    [Fact]
    public void Counter_never_falls_behind_the_pending_alarm_id()
    {
        // A counter lost or corrupted in flash must not make the next alarm reuse an id in use.
        var store = new InMemoryKeyValueStore();
        var pending = PayloadCodec.Encode(new AlarmMessage { AlarmId = 41, UptimeMs = 5 });
        store.Values[AlarmOutbox.PendingKey] = Encoding.UTF8.GetString(pending);
        store.Values[AlarmOutbox.CounterKey] = "garbage";

        var rig = new PostRig(store).Online();
        rig.Answer(41, AlarmState.Dispatched);
        rig.Press();

        Assert.True(rig.Log.Has("error", "alarm counter in flash is unreadable"));
        Assert.Equal(42, rig.Alarms[^1].AlarmId);
        Assert.Equal("42", store.Values[AlarmOutbox.CounterKey]);
    }
}
