#nullable enable
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Simulators;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;

namespace SosPost.Firmware.NanoTests;

/// <summary>
/// What survives a power cut: the alarm counter and the waiting alarm, both in flash. A reboot is a new core
/// over the same <see cref="MemoryKeyValueStore"/>.
/// </summary>
[TestClass]
public static class RebootTests
{
    [TestMethod]
    public static void Alarm_ids_are_unique_across_a_reboot()
    {
        var bench = new PostBench().Online();
        bench.Press();
        bench.Answer(1, AlarmState.Dispatched);
        bench.Press();
        bench.Answer(2, AlarmState.Dispatched);

        var after = bench.Reboot().Online();
        Assert.AreEqual(2L, after.Core.LastAlarmId, "the counter is read back from flash");
        after.Press();

        var alarms = after.Alarms();
        Assert.AreEqual(1, alarms.Length);
        Assert.AreEqual(3L, alarms[0].AlarmId, "the gateway would take a reused id for a re-send and drop the alarm");
    }

    [TestMethod]
    public static void Waiting_alarm_survives_a_reboot_with_its_original_press_time()
    {
        var bench = new PostBench();
        bench.Core.Tick();
        bench.Run(5234);
        var pressedAt = bench.WallClock.UtcNow;
        bench.Press();
        bench.Press();
        var stored = bench.Store.Get(AlarmOutbox.PendingKey);
        Assert.IsNotNull(stored, "the alarm is in flash");

        // Power cut before the broker was ever reached; the post comes back hours later.
        var after = bench.Reboot();
        after.WallClock.BaseUtc = bench.WallClock.BaseUtc.AddHours(3);
        Expect.Beacon(BeaconState.Sending, after);
        Assert.AreEqual(1, after.Core.PendingAlarms, "pending from before the restart");
        after.Online();

        var sent = after.Link.On(Topics.Alarm(PostBench.PostId));
        Assert.AreEqual(1, sent.Length, "sent as soon as connected");
        Assert.AreEqual(stored, Wire.Unsigned(sent[0].Text), "byte for byte what was pressed (signed anew)");
        var alarm = Wire.Alarm(sent[0].Payload);
        Assert.AreEqual(1L, alarm.AlarmId);
        Assert.AreEqual(2, alarm.Presses);
        Assert.AreEqual(5234L, alarm.UptimeMs, "uptime of the press in the earlier run");
        Assert.AreEqual(IsoTime.Format(pressedAt), IsoTime.Format(alarm.PressedAt), "press time, not the time of sending");
    }

    [TestMethod]
    public static void Restored_alarm_is_resent_until_received_and_a_new_press_joins_it()
    {
        var bench = new PostBench().Online();
        bench.Press();
        var after = bench.Reboot().Online();

        after.Press();
        Assert.AreEqual(1L, after.LastAlarm().AlarmId, "the restored alarm, not a new one");
        Assert.AreEqual(2, after.LastAlarm().Presses);
        after.Answer(1, AlarmState.Received);
        after.Run(20000);

        Assert.AreEqual(2, after.Alarms().Length, "sent at connect and after the press, then no more");
        Assert.IsFalse(after.Store.Contains(AlarmOutbox.PendingKey));
        Expect.Beacon(BeaconState.Received, after);
    }

    [TestMethod]
    public static void Received_alarm_does_not_come_back_after_a_reboot()
    {
        var bench = new PostBench().Online();
        bench.Press();
        bench.Answer(1, AlarmState.Received);

        var after = bench.Reboot().Online();
        after.Run(20000);

        Assert.AreEqual(0, after.Alarms().Length);
        Expect.Beacon(BeaconState.Idle, after);
        Expect.NoErrorLogged(after);
    }

    [TestMethod]
    public static void Counter_never_falls_behind_the_waiting_alarm_id()
    {
        // A counter lost or corrupted in flash must not make the next alarm reuse an id still in use.
        var store = new MemoryKeyValueStore();
        store.Set(AlarmOutbox.PendingKey, Wire.Text(PayloadCodec.Encode(new AlarmMessage { AlarmId = 41, UptimeMs = 5 })));
        store.Set(AlarmOutbox.CounterKey, "garbage");

        var bench = new PostBench(store).Online();
        bench.Answer(41, AlarmState.Dispatched);
        bench.Press();

        Assert.AreEqual(1, bench.Log.Errors, "the unreadable counter is reported");
        Assert.AreEqual(42L, bench.LastAlarm().AlarmId);
        Assert.AreEqual("42", store.Get(AlarmOutbox.CounterKey), "the repaired counter is stored");
    }

    [TestMethod]
    public static void Unreadable_waiting_alarm_is_reported_and_dropped()
    {
        var store = new MemoryKeyValueStore();
        store.Set(AlarmOutbox.CounterKey, "7");
        store.Set(AlarmOutbox.PendingKey, "{\"v\":1,\"alarmId\":");

        var bench = new PostBench(store).Online();

        Assert.AreEqual(1, bench.Log.Errors);
        Assert.Contains("not-json", bench.Log.LastError);
        Expect.Beacon(BeaconState.Idle, bench);
        Assert.IsFalse(store.Contains(AlarmOutbox.PendingKey), "dropped, so it is not retried at every boot");
        bench.Press();
        Assert.AreEqual(8L, bench.LastAlarm().AlarmId, "numbering goes on from the counter");
    }
}
