#nullable enable
using System;
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;

namespace SosPost.Firmware.NanoTests;

/// <summary>From the press to the gateway's "received": what a citizen's alarm does on the post.</summary>
/// <remarks>
/// Static methods: the nanoFramework launcher invokes test methods without an instance. Each test builds
/// its own <see cref="PostBench"/>.
/// </remarks>
[TestClass]
public static class AlarmTests
{
    [TestMethod]
    public static void Press_publishes_one_alarm_at_qos1_not_retained()
    {
        var bench = new PostBench().Online();
        bench.Run(1000);

        bench.Press();

        var sent = bench.Link.On(Topics.Alarm(PostBench.PostId));
        Assert.AreEqual(1, sent.Length, "alarms published");
        Assert.IsTrue(sent[0].Qos1, "an alarm is published at QoS 1");
        Assert.IsFalse(sent[0].Retain, "a retained alarm would be replayed to every gateway that subscribes later");
        var alarm = Wire.Alarm(sent[0].Payload);
        Assert.AreEqual(1L, alarm.AlarmId, "the first alarm of a new post");
        Assert.AreEqual(1, alarm.Presses);
        Assert.AreEqual(bench.Clock.NowMs, alarm.UptimeMs, "uptime of the press");
        Assert.AreEqual(IsoTime.Format(bench.WallClock.UtcNow), IsoTime.Format(alarm.PressedAt), "UTC of the press");
        Assert.AreEqual(AlarmMessage.PanicKind, alarm.Kind);
        Assert.IsFalse(alarm.Test, "a citizen's alarm is not a test alarm");
        Assert.IsTrue(alarm.Snapshot, "the bench has a camera, so the alarm announces a still");
        Assert.AreEqual(1, bench.Core.PendingAlarms);
        Expect.Beacon(BeaconState.Sending, bench);
        Expect.NoErrorLogged(bench);
    }

    [TestMethod]
    public static void Alarm_id_and_the_alarm_itself_are_in_flash_before_it_is_sent()
    {
        var bench = new PostBench().Online();
        var counterWhenSent = "(alarm never sent)";
        var pendingWhenSent = "(alarm never sent)";
        var alarmTopic = Topics.Alarm(PostBench.PostId);
        bench.Link.BeforePublish = message =>
        {
            if (message.Topic == alarmTopic)
            {
                counterWhenSent = bench.Store.Get(AlarmOutbox.CounterKey) ?? "(absent)";
                pendingWhenSent = bench.Store.Get(AlarmOutbox.PendingKey) ?? "(absent)";
            }
        };

        bench.Press();

        // A power cut right after the publish must neither reuse the id nor lose the alarm.
        Assert.AreEqual("1", counterWhenSent, "alarm counter in flash when the alarm went out");
        Assert.AreEqual(Wire.Unsigned(bench.Link.On(alarmTopic)[0].Text), pendingWhenSent, "pending alarm in flash when it went out");
    }

    [TestMethod]
    public static void Alarm_is_resent_every_resend_interval_until_the_gateway_says_received()
    {
        var bench = new PostBench().Online();
        bench.Press();

        bench.Run(4990);
        Assert.AreEqual(1, bench.Alarms().Length, "sent once before the 5 s interval is up");
        bench.Run(10);
        Assert.AreEqual(2, bench.Alarms().Length, "re-sent at 5 s");
        bench.Run(10000);
        var alarms = bench.Alarms();
        Assert.AreEqual(4, alarms.Length, "re-sent at 10 s and 15 s");
        foreach (var alarm in alarms)
        {
            Assert.AreEqual(1L, alarm.AlarmId, "every re-send carries the same id");
        }

        bench.Answer(1, AlarmState.Received);
        bench.Run(20000);

        Assert.AreEqual(4, bench.Alarms().Length, "no re-send after received");
        Assert.AreEqual(0, bench.Core.PendingAlarms);
        Assert.IsFalse(bench.Store.Contains(AlarmOutbox.PendingKey), "received alarm leaves the flash outbox");
        Expect.Beacon(BeaconState.Received, bench);
    }

    [TestMethod]
    public static void Refused_publish_is_retried_at_the_resend_interval()
    {
        var bench = new PostBench().Online();
        bench.Link.AcceptPublishes = false;
        bench.Press();
        Assert.AreEqual(1, bench.Link.RefusedPublishes, "the first attempt was refused");
        Assert.AreEqual(1, bench.Log.Warnings, "a refused alarm is reported");

        bench.Link.AcceptPublishes = true;
        bench.Run(4990);
        Assert.AreEqual(0, bench.Alarms().Length, "no busy retry before the interval");
        bench.Run(10);
        Assert.AreEqual(1, bench.Alarms().Length, "retried at the interval");
    }

    [TestMethod]
    public static void Second_press_during_an_active_alarm_raises_the_press_count_and_keeps_the_id()
    {
        var bench = new PostBench().Online();
        bench.Run(2000);
        bench.Press();
        var first = bench.LastAlarm();
        bench.Run(100);

        bench.Press();
        bench.Press();

        var last = bench.LastAlarm();
        Assert.AreEqual(1L, last.AlarmId, "the same alarm");
        Assert.AreEqual(3, last.Presses, "three presses");
        Assert.AreEqual(first.UptimeMs, last.UptimeMs, "uptime of the first press");
        Assert.AreEqual(IsoTime.Format(first.PressedAt), IsoTime.Format(last.PressedAt), "time of the first press");
        Assert.AreEqual(1L, bench.Core.LastAlarmId, "no new id handed out");
        Assert.AreEqual(3, bench.PendingInFlash().Presses, "the flash holds the latest count");
    }

    [TestMethod]
    public static void Press_after_received_resends_the_same_alarm_with_one_more_press()
    {
        var bench = new PostBench().Online();
        bench.Press();
        bench.Answer(1, AlarmState.Received);
        bench.Run(20000);

        bench.Press();

        Expect.Beacon(BeaconState.Sending, bench);
        var last = bench.LastAlarm();
        Assert.AreEqual(1L, last.AlarmId);
        Assert.AreEqual(2, last.Presses);
        bench.Answer(1, AlarmState.Received);
        Expect.Beacon(BeaconState.Received, bench);
        Assert.AreEqual(0, bench.Core.PendingAlarms);
    }

    [TestMethod]
    public static void Press_after_dispatched_starts_a_new_alarm()
    {
        var bench = new PostBench().Online();
        bench.Press();
        bench.Answer(1, AlarmState.Dispatched);

        bench.Press();

        var last = bench.LastAlarm();
        Assert.AreEqual(2L, last.AlarmId, "help is already coming for alarm 1: this is a new emergency");
        Assert.AreEqual(1, last.Presses);
        Expect.Beacon(BeaconState.Sending, bench);
    }

    [TestMethod]
    public static void Alarm_pressed_while_offline_goes_out_on_connect_with_its_press_uptime()
    {
        var bench = new PostBench();
        bench.Core.Tick();
        bench.Run(1000);
        var pressedAtMs = bench.Clock.NowMs;
        bench.Press();
        bench.Run(20000);
        Assert.AreEqual(0, bench.Link.Published.Count, "nothing can go out without the broker");
        Expect.Beacon(BeaconState.Sending, bench);

        bench.Link.Connect();
        bench.Core.Tick();

        var alarms = bench.Alarms();
        Assert.AreEqual(1, alarms.Length, "sent on the first tick of the connection");
        Assert.AreEqual(pressedAtMs, alarms[0].UptimeMs, "uptime of the press, not of the send");
    }

    [TestMethod]
    public static void Answer_about_another_alarm_id_is_ignored()
    {
        var bench = new PostBench().Online();
        bench.Press();

        bench.Answer(2, AlarmState.Received);
        bench.Answer(99, AlarmState.Dispatched);
        bench.Run(5000);

        Expect.Beacon(BeaconState.Sending, bench);
        Assert.AreEqual(1, bench.Core.PendingAlarms, "alarm 1 still waits for its own answer");
        Assert.AreEqual(2, bench.Alarms().Length, "and is still re-sent");
    }

    [TestMethod]
    public static void Alarm_without_synced_clock_has_no_press_time_but_keeps_its_uptime()
    {
        var bench = new PostBench().Online();
        bench.WallClock.IsSynced = false;
        bench.Run(812);

        bench.Press();

        var alarm = bench.LastAlarm();
        Assert.AreEqual(DateTime.MinValue.Ticks, alarm.PressedAt.Ticks, "pressedAt is null on the wire");
        Assert.AreEqual(bench.Clock.NowMs, alarm.UptimeMs, "the gateway reconstructs the time from the uptime");
    }

    [TestMethod]
    public static void Alarm_is_sent_even_when_the_flash_cannot_be_written()
    {
        var bench = new PostBench().Online();
        bench.Store.FailWrites = true;

        bench.Press();

        Assert.AreEqual(1, bench.Alarms().Length, "a worn flash must not stop an alarm");
        Assert.AreEqual(2, bench.Log.Errors, "counter and pending alarm both reported as not stored");
        bench.Answer(1, AlarmState.Received);
        Expect.Beacon(BeaconState.Received, bench);
    }

    [TestMethod]
    public static void Camera_is_triggered_once_per_alarm_for_the_configured_pulse()
    {
        var bench = new PostBench().Online();
        bench.Run(1000);
        var pressedAtMs = bench.Clock.NowMs;

        bench.Press();
        bench.Run(2000);
        bench.Press();
        bench.Run(2000);

        var changes = bench.Camera.ChangesSince(pressedAtMs);
        Assert.AreEqual(2, changes.Length, "one pulse: on, then off; a second press of the same alarm takes no new still");
        Assert.IsTrue(changes[0].On);
        Assert.AreEqual(pressedAtMs, changes[0].AtMs, "on at the press");
        Assert.IsFalse(changes[1].On);
        Assert.AreEqual(pressedAtMs + bench.Config.CameraPulseMs, changes[1].AtMs, "off after the pulse width");
    }
}
