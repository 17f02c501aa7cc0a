#nullable enable
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Simulators;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;

namespace SosPost.Firmware.NanoTests;

/// <summary>
/// One post's whole story, on the post's own runtime: the real core on virtual pins, a scripted broker and
/// flash that outlives a power cut, through boot, a citizen's alarm, a broker outage, the gateway's answers,
/// troubles and their restores, a technician's self-test and a power cut with an alarm still waiting. Each
/// chapter checks what the outside world sees: the messages on the wire (decoded and verified), the lamp over
/// time against the table of docs/post-behaviour.md, the camera line, and the outbox in flash. The clock is
/// the bench's, in milliseconds since boot.
/// </summary>
[TestClass]
public static class PostStoryTests
{
    // docs/post-behaviour.md, "Beacon": lit, dark, lit, ... milliseconds, one cycle starting lit.
    private static readonly int[] IdleLamp = { 50, 4950 };
    private static readonly int[] SendingLamp = { 100, 100 };
    private static readonly int[] ReceivedLamp = { 500, 500 };
    private static readonly int[] DispatchedLamp = { 1 };
    private static readonly int[] FaultLamp = { 100, 100, 100, 1700 };
    private static readonly int[] TechnicianLamp = { 1500, 500 };

    private static readonly string AlarmTopic = Topics.Alarm(PostBench.PostId);
    private static readonly string EventTopic = Topics.Event(PostBench.PostId);
    private static readonly string StatusTopic = Topics.Status(PostBench.PostId);
    private static readonly string HeartbeatTopic = Topics.Heartbeat(PostBench.PostId);

    [TestMethod]
    public static void A_post_lives_through_alarms_troubles_a_self_test_and_a_power_cut()
    {
        var bench = new PostBench();

        Boots_showing_fault_until_the_broker_answers_then_idle(bench);
        StoryCheckpoint.Reached("boot", bench);
        Citizen_press_is_stored_in_flash_then_sent_signed_with_one_camera_pulse(bench);
        StoryCheckpoint.Reached("press", bench);
        Alarm_is_resent_every_interval_and_at_once_after_a_broker_outage(bench);
        StoryCheckpoint.Reached("re-send and broker outage", bench);
        Received_clears_the_outbox_and_dispatched_lights_steady_until_the_hold_ends(bench);
        StoryCheckpoint.Reached("received, dispatched, hold", bench);
        Tamper_and_mains_troubles_are_raised_resent_until_acknowledged_and_restored(bench);
        StoryCheckpoint.Reached("tamper and mains troubles", bench);
        Commanded_self_test_reports_every_check_and_never_shows_its_test_alarm(bench);
        StoryCheckpoint.Reached("self-test", bench);
        Stuck_button_alarms_once_and_raises_a_trouble_restored_on_release(bench);
        StoryCheckpoint.Reached("stuck button", bench);
        Power_cut_with_a_waiting_alarm_resends_it_with_its_press_time(bench);
        StoryCheckpoint.Reached("power cut", bench);
    }

    private static void Boots_showing_fault_until_the_broker_answers_then_idle(PostBench bench)
    {
        Expect.Beacon(BeaconState.Fault, bench);
        bench.Core.Tick();
        Assert.AreEqual(1, bench.Link.OpenCalls, "boot: the link is opened at once (no connect jitter configured)");
        Assert.AreEqual(StatusTopic, bench.Link.WillTopic, "boot: last will topic");
        Assert.IsFalse(Wire.Status(bench.Link.WillPayload).Online, "boot: the last will says offline");
        Assert.AreEqual(1L, Wire.Counter(StatusTopic, bench.Link.WillPayload), "boot: the will is signed with the first counter");

        bench.Run(2000);
        Assert.AreEqual(0, bench.Link.Published.Count, "boot: nothing goes out without the broker");
        Expect.LampBlinks(bench, FaultLamp, 0, 2000, "boot, no broker: Fault");

        bench.Link.Connect();
        bench.Core.Tick();
        var births = bench.Link.On(StatusTopic);
        Assert.AreEqual(1, births.Length, "connected: one birth");
        Assert.IsTrue(births[0].Qos1 && births[0].Retain, "connected: the birth is QoS 1 and retained");
        var birth = Wire.Status(births[0].Payload);
        Assert.IsTrue(birth.Online, "connected: online");
        Assert.AreEqual(2000L, birth.UptimeMs, "connected: uptime of the connection");
        Assert.AreEqual(bench.Config.ConfigHash, birth.ConfigHash, "connected: config hash");
        CollectionAssert.AreEqual(new[] { Topics.AlarmState(PostBench.PostId), Topics.Command(PostBench.PostId) }, bench.Link.Subscriptions, "connected: subscriptions");

        bench.Run(5000);
        Expect.Beacon(BeaconState.Idle, bench);
        Expect.LampBlinks(bench, IdleLamp, 2000, 7000, "connected, clock synced: Idle");
        Expect.NoErrorLogged(bench);
    }

    private static void Citizen_press_is_stored_in_flash_then_sent_signed_with_one_camera_pulse(PostBench bench)
    {
        var pressMs = bench.Clock.NowMs;
        var inFlashWhenSent = "(not sent)";
        bench.Link.BeforePublish = message =>
        {
            if (message.Topic == AlarmTopic)
            {
                inFlashWhenSent = bench.Store.Get(AlarmOutbox.PendingKey) ?? "(absent)";
            }
        };

        bench.Press();
        bench.Link.BeforePublish = null;

        var sent = bench.Link.On(AlarmTopic);
        Assert.AreEqual(1, sent.Length, "press: one alarm");
        Assert.IsTrue(sent[0].Qos1 && !sent[0].Retain, "press: QoS 1, not retained");
        Wire.Counter(AlarmTopic, sent[0].Payload); // signed with the post's key, or the test fails here
        var alarm = Wire.Alarm(sent[0].Payload);
        Assert.AreEqual(1L, alarm.AlarmId, "press: the post's first alarm");
        Assert.AreEqual(1, alarm.Presses, "press: presses");
        Assert.IsFalse(alarm.Test, "press: a citizen's alarm");
        Assert.IsTrue(alarm.Snapshot, "press: the camera was triggered");
        Assert.AreEqual(pressMs, alarm.UptimeMs, "press: uptime of the press");
        Assert.AreEqual(IsoTime.Format(bench.WallClock.BaseUtc.AddMilliseconds(pressMs)), IsoTime.Format(alarm.PressedAt), "press: UTC of the press");
        Assert.AreEqual("1", bench.Store.Get(AlarmOutbox.CounterKey), "press: the alarm counter in flash");
        Assert.AreEqual(Wire.Unsigned(sent[0].Text), inFlashWhenSent, "press: the alarm was in the flash outbox before it went out");

        bench.Run(2000);
        Expect.Beacon(BeaconState.Sending, bench);
        Expect.LampBlinks(bench, SendingLamp, pressMs, pressMs + 2000, "press: Sending");
        var camera = bench.Camera.ChangesSince(pressMs);
        Assert.AreEqual(2, camera.Length, "press: one camera pulse");
        Assert.IsTrue(camera[0].On && camera[0].AtMs == pressMs, "press: camera on at the press");
        Assert.IsTrue(!camera[1].On && camera[1].AtMs == pressMs + bench.Config.CameraPulseMs, "press: camera off after the pulse width");
        Expect.NoErrorLogged(bench);
    }

    private static void Alarm_is_resent_every_interval_and_at_once_after_a_broker_outage(PostBench bench)
    {
        var first = bench.Link.On(AlarmTopic)[0];
        var pressMs = Wire.Alarm(first.Payload).UptimeMs;
        bench.Run(pressMs + bench.Config.AlarmResendIntervalMs - 10 - bench.Clock.NowMs);
        Assert.AreEqual(1, bench.Alarms().Length, "re-send: not before the interval");
        bench.Run(10);
        var sent = bench.Link.On(AlarmTopic);
        Assert.AreEqual(2, sent.Length, "re-send: at the interval");
        Assert.AreEqual(Wire.Unsigned(first.Text), Wire.Unsigned(sent[1].Text), "re-send: the same alarm");
        Assert.IsTrue(Wire.Counter(AlarmTopic, sent[1].Payload) > Wire.Counter(AlarmTopic, first.Payload), "re-send: under a new counter");

        // A broker restart just after that re-send: back a second later, the alarm goes out at once, not at the
        // next interval.
        bench.Link.Disconnect();
        bench.Run(1000);
        bench.Link.Connect();
        bench.Core.Tick();
        var afterBlip = bench.Link.On(AlarmTopic);
        Assert.AreEqual(3, afterBlip.Length, "broker restart: re-sent on the first tick of the new connection");
        Assert.AreEqual(Wire.Unsigned(first.Text), Wire.Unsigned(afterBlip[2].Text), "broker restart: the same alarm");

        // The broker goes away for longer; a second press while offline joins the alarm.
        bench.Link.Disconnect();
        var publishedBefore = bench.Link.Published.Count;
        bench.Run(8000);
        bench.Press();
        bench.Run(1000);
        Assert.AreEqual(publishedBefore, bench.Link.Published.Count, "outage: nothing published");
        Assert.AreEqual(0, bench.Link.RefusedPublishes, "outage: the core does not even try");
        Expect.LampBlinks(bench, SendingLamp, pressMs, bench.Clock.NowMs, "outage: still Sending since the press");
        Assert.AreEqual(2, bench.PendingInFlash().Presses, "outage: the flash holds the second press");
        Assert.AreEqual(2, bench.Camera.ChangesSince(pressMs).Length, "outage: a second press of the same alarm takes no new still");

        bench.Link.Connect();
        bench.Core.Tick();
        var afterOutage = bench.Link.Published;
        Assert.AreEqual(publishedBefore + 2, afterOutage.Count, "reconnect: birth and alarm on the first tick");
        Assert.AreEqual(StatusTopic, ((PublishedMessage)afterOutage[publishedBefore]!).Topic, "reconnect: the birth first");
        var resent = bench.LastAlarm();
        Assert.AreEqual(1L, resent.AlarmId, "reconnect: the same alarm");
        Assert.AreEqual(2, resent.Presses, "reconnect: with both presses");
        Assert.AreEqual(pressMs, resent.UptimeMs, "reconnect: uptime of the first press");
        Assert.AreEqual(IsoTime.Format(bench.WallClock.BaseUtc.AddMilliseconds(pressMs)), IsoTime.Format(resent.PressedAt), "reconnect: time of the first press");
        Expect.Beacon(BeaconState.Sending, bench);
        Expect.NoErrorLogged(bench);
    }

    private static void Received_clears_the_outbox_and_dispatched_lights_steady_until_the_hold_ends(PostBench bench)
    {
        bench.Run(1000);
        bench.Answer(2, AlarmState.Received);
        Assert.IsTrue(bench.Store.Contains(AlarmOutbox.PendingKey), "received for another alarm id: still in the outbox");
        Assert.AreEqual(1, bench.Core.PendingAlarms, "received for another alarm id: still pending");

        var receivedMs = bench.Clock.NowMs;
        bench.Answer(1, AlarmState.Received);
        Assert.IsFalse(bench.Store.Contains(AlarmOutbox.PendingKey), "received: the alarm leaves the flash outbox");
        Assert.AreEqual(0, bench.Core.PendingAlarms, "received: nothing pending");
        var alarmsSent = bench.Alarms().Length;
        bench.Run(10000);
        Assert.AreEqual(alarmsSent, bench.Alarms().Length, "received: no more re-sends");
        Expect.Beacon(BeaconState.Received, bench);
        Expect.LampBlinks(bench, ReceivedLamp, receivedMs, bench.Clock.NowMs, "received: Received");

        var dispatchedMs = bench.Clock.NowMs;
        bench.Answer(1, AlarmState.Dispatched);
        bench.Run(10000);
        Expect.Beacon(BeaconState.Dispatched, bench);
        Expect.LampBlinks(bench, DispatchedLamp, dispatchedMs, bench.Clock.NowMs, "dispatched: steady on");
        Assert.AreEqual(alarmsSent, bench.Alarms().Length, "dispatched: nothing re-sent");

        bench.Run(dispatchedMs + bench.Config.AcknowledgedHoldMs - 10 - bench.Clock.NowMs);
        Expect.Beacon(BeaconState.Dispatched, bench);
        bench.Run(10);
        Expect.Beacon(BeaconState.Idle, bench);
        Assert.AreEqual(0L, bench.Core.CurrentAlarmId, "after the hold: the alarm is finished");

        // The heartbeat went on all along: every interval since the reconnection, nothing in the outbox.
        var heartbeats = bench.Link.On(HeartbeatTopic);
        Assert.IsTrue(heartbeats.Length >= 10, "heartbeats during the hold: " + heartbeats.Length);
        for (var i = 1; i < heartbeats.Length; i++)
        {
            Assert.AreEqual(bench.Config.HeartbeatIntervalMs, Wire.Heartbeat(heartbeats[i].Payload).UptimeMs - Wire.Heartbeat(heartbeats[i - 1].Payload).UptimeMs, "heartbeat interval");
        }

        Assert.AreEqual(0, Wire.Heartbeat(heartbeats[heartbeats.Length - 1].Payload).Outbox, "heartbeat: empty outbox");
        Expect.NoErrorLogged(bench);
    }

    private static void Tamper_and_mains_troubles_are_raised_resent_until_acknowledged_and_restored(PostBench bench)
    {
        var settleMs = bench.Config.TroubleSettleMs;
        var inFlashWhenSent = "(not sent)";
        var ackSubscribedWhenSent = false;
        var ackTopic = Topics.EventAck(PostBench.PostId);
        bench.Link.BeforePublish = message =>
        {
            if (message.Topic == EventTopic && inFlashWhenSent == "(not sent)")
            {
                inFlashWhenSent = bench.Store.Get("event.0") ?? "(absent)";
                ackSubscribedWhenSent = bench.Link.Subscriptions.Contains(ackTopic);
            }
        };

        var openedMs = bench.Clock.NowMs;
        bench.Tamper.SetLevel(true);
        bench.MainsVoltage.Millivolts = 0;
        bench.Run(settleMs - 10);
        Assert.AreEqual(0, bench.Events().Length, "troubles: nothing before the settle time");
        bench.Run(30);
        bench.Link.BeforePublish = null;

        var raised = bench.Events();
        Assert.AreEqual(2, raised.Length, "troubles: tamper and mains raised");
        ExpectEvent(raised[0], 1, TroubleType.Tamper, true, "cabinet opened");
        ExpectEvent(raised[1], 2, TroubleType.Mains, true, "mains lost");
        Assert.IsTrue(raised[0].UptimeMs >= openedMs + settleMs && raised[0].UptimeMs <= openedMs + settleMs + 20, "cabinet opened: seen after the settle time");
        Assert.AreEqual(Wire.Unsigned(bench.Link.On(EventTopic)[0].Text), inFlashWhenSent, "cabinet opened: the event was in flash before it went out");
        Assert.IsTrue(ackSubscribedWhenSent, "troubles: event/ack subscribed before the first event went out");
        Assert.IsTrue(bench.Core.TamperOpen && !bench.Core.MainsPresent, "troubles: the core sees them");

        bench.Command(CommandMessage.Heartbeat, "c-17");
        var heartbeat = Wire.Heartbeat(bench.Link.On(HeartbeatTopic)[bench.Link.On(HeartbeatTopic).Length - 1].Payload);
        Assert.IsTrue(heartbeat.Tamper && !heartbeat.MainsPresent, "troubles: the heartbeat shows the open cabinet and no mains");
        Assert.AreEqual(2, heartbeat.Outbox, "troubles: two events waiting");
        Assert.AreEqual(LampHealth.Ok, heartbeat.Lamp, "troubles: the lamp draws current");
        Assert.AreEqual(13100, heartbeat.BatteryMv, "troubles: battery");

        bench.Run(bench.Config.AlarmResendIntervalMs);
        var resent = bench.Events();
        Assert.AreEqual(4, resent.Length, "troubles: both re-sent after the interval");
        Assert.IsTrue(resent[2].EventId == 1 && resent[3].EventId == 2, "troubles: re-sent oldest first with their ids");

        bench.Ack(1);
        bench.Ack(2);
        Assert.AreEqual(0, bench.Core.PendingEvents, "acknowledged: the outbox is empty");
        Assert.IsFalse(bench.Store.Contains("event.0") || bench.Store.Contains("event.1"), "acknowledged: the events left flash");
        bench.Run(bench.Config.AlarmResendIntervalMs * 2);
        Assert.AreEqual(4, bench.Events().Length, "acknowledged: no more re-sends");

        bench.Tamper.SetLevel(false);
        bench.MainsVoltage.Millivolts = 13800;
        bench.Run(settleMs + 20);
        var restored = bench.Events();
        Assert.AreEqual(6, restored.Length, "restores: two more events");
        ExpectEvent(restored[4], 3, TroubleType.Tamper, false, "cabinet closed");
        ExpectEvent(restored[5], 4, TroubleType.Mains, false, "mains back");
        bench.Ack(3);
        bench.Ack(4);
        Assert.AreEqual(0, bench.Core.PendingEvents, "restores acknowledged: the outbox is empty");
        Assert.AreEqual("4", bench.Store.Get(EventOutbox.CounterKey), "restores: the event counter in flash");

        bench.Command(CommandMessage.Heartbeat, "c-18");
        heartbeat = Wire.Heartbeat(bench.Link.On(HeartbeatTopic)[bench.Link.On(HeartbeatTopic).Length - 1].Payload);
        Assert.IsTrue(!heartbeat.Tamper && heartbeat.MainsPresent && heartbeat.Outbox == 0, "restores: the heartbeat shows all well");
        Expect.Beacon(BeaconState.Idle, bench);
        Expect.NoErrorLogged(bench);
    }

    private static void Commanded_self_test_reports_every_check_and_never_shows_its_test_alarm(PostBench bench)
    {
        var startMs = bench.Clock.NowMs;
        var alarmsBefore = bench.Alarms().Length;
        bench.Command(CommandMessage.SelfTest, "c-19");
        Expect.Beacon(BeaconState.TechnicianTest, bench);
        while (bench.Alarms().Length == alarmsBefore && bench.Clock.NowMs < startMs + 5000)
        {
            bench.Run(PostBench.TickMs);
        }

        var testAlarm = bench.LastAlarm();
        Assert.IsTrue(testAlarm.Test, "self-test: a test alarm");
        Assert.AreEqual(2L, testAlarm.AlarmId, "self-test: the next alarm id");
        Assert.AreEqual(0, bench.SelfTests().Length, "self-test: no report before the link check");
        var camera = bench.Camera.ChangesSince(startMs);
        Assert.AreEqual(3, camera.Length, "self-test: the camera check's pulse, then the test alarm's own");
        Assert.AreEqual(bench.Config.CameraPulseMs, camera[1].AtMs - camera[0].AtMs, "self-test: the camera check drives the line for the pulse width");
        Assert.IsTrue(camera[2].On && testAlarm.Snapshot, "self-test: the test alarm takes a still like any alarm");
        bench.Run(40);
        Expect.LampBlinks(bench, TechnicianLamp, startMs, bench.Clock.NowMs, "self-test: TechnicianTest");
        bench.Answer(testAlarm.AlarmId, AlarmState.Received);

        var reports = bench.SelfTests();
        Assert.AreEqual(1, reports.Length, "self-test: one report");
        var report = reports[0];
        Assert.AreEqual("c-19", report.Id, "self-test: the command's id");
        Assert.AreEqual(SelfTestTrigger.Command, report.Trigger, "self-test: trigger");
        Assert.IsTrue(report.Ok, "self-test: ok");
        Assert.AreEqual(SelfTestOutcome.Pass, report.Lamp, "self-test: lamp");
        Assert.AreEqual(SelfTestOutcome.Pass, report.Camera, "self-test: camera");
        Assert.AreEqual(SelfTestOutcome.Pass, report.Storage, "self-test: storage");
        Assert.AreEqual(SelfTestOutcome.Pass, report.Link, "self-test: link");
        Assert.AreEqual(40L, report.LinkRttMs, "self-test: link round trip");
        Assert.IsFalse(bench.Store.Contains(SelfTest.ScratchKey), "self-test: the scratch key is gone");
        Assert.IsFalse(bench.Store.Contains(AlarmOutbox.PendingKey), "self-test: the test alarm left the outbox");
        Expect.Beacon(BeaconState.Idle, bench);
        Expect.NoErrorLogged(bench);
    }

    private static void Stuck_button_alarms_once_and_raises_a_trouble_restored_on_release(PostBench bench)
    {
        var holdMs = bench.Clock.NowMs;
        var eventsBefore = bench.Events().Length;
        bench.Button.Hold();
        bench.Core.Tick();
        var alarm = bench.LastAlarm();
        Assert.IsTrue(alarm.AlarmId == 3 && !alarm.Test && alarm.UptimeMs == holdMs, "stuck: the first touch alarms");

        bench.Run(bench.Config.StuckButtonMs - 100);
        Assert.AreEqual(eventsBefore, bench.Events().Length, "stuck: no trouble before the stuck limit");
        bench.Run(200);
        var events = bench.Events();
        Assert.AreEqual(eventsBefore + 1, events.Length, "stuck: one trouble at the limit");
        ExpectEvent(events[eventsBefore], 5, TroubleType.StuckButton, true, "stuck");
        Assert.IsTrue(bench.Core.ButtonStuck, "stuck: the core sees it");

        bench.Run(10000);
        foreach (var sent in bench.Alarms())
        {
            Assert.IsTrue(sent.AlarmId <= 3, "stuck: no further alarm from the held button");
        }

        Assert.AreEqual(1, bench.LastAlarm().Presses, "stuck: held is one press");
        Assert.AreEqual(5L, bench.Events()[bench.Events().Length - 1].EventId, "stuck: re-sent with its id until acknowledged");

        bench.Button.Release();
        bench.Run(100);
        events = bench.Events();
        ExpectEvent(events[events.Length - 1], 6, TroubleType.StuckButton, false, "released");
        Assert.IsFalse(bench.Core.ButtonStuck, "released: restored");
        bench.Ack(5);
        bench.Ack(6);
        Assert.AreEqual(0, bench.Core.PendingEvents, "released: both acknowledged");
        Expect.Beacon(BeaconState.Sending, bench);
        Expect.NoErrorLogged(bench);
    }

    private static void Power_cut_with_a_waiting_alarm_resends_it_with_its_press_time(PostBench bench)
    {
        var waiting = bench.PendingInFlash();
        var stored = bench.Store.Get(AlarmOutbox.PendingKey);
        var lastCounterBefore = Wire.Counter(StatusTopic, bench.Link.OpenedWill);
        foreach (PublishedMessage message in bench.Link.Published)
        {
            var counter = Wire.Counter(message.Topic, message.Payload);
            Assert.IsTrue(counter > lastCounterBefore, "every message signed, under a counter above the one before: " + message.Text);
            lastCounterBefore = counter;
        }

        // The power comes back three hours later, before SNTP has answered.
        var after = bench.Reboot();
        after.WallClock.BaseUtc = bench.WallClock.BaseUtc.AddHours(3);
        after.WallClock.IsSynced = false;
        Expect.Beacon(BeaconState.Sending, after);
        Assert.AreEqual(1, after.Core.PendingAlarms, "reboot: the alarm is pending from flash");
        after.Online();
        StoryCheckpoint.Reached("reboot, alarm re-sent", after);

        var sent = after.Link.On(AlarmTopic);
        Assert.AreEqual(1, sent.Length, "reboot: re-sent as soon as connected");
        Assert.AreEqual(stored, Wire.Unsigned(sent[0].Text), "reboot: byte for byte what was pressed");
        var alarm = Wire.Alarm(sent[0].Payload);
        Assert.AreEqual(waiting.AlarmId, alarm.AlarmId, "reboot: the same alarm id");
        Assert.AreEqual(waiting.UptimeMs, alarm.UptimeMs, "reboot: uptime of the press in the earlier run");
        Assert.AreEqual(IsoTime.Format(bench.WallClock.BaseUtc.AddMilliseconds(waiting.UptimeMs)), IsoTime.Format(alarm.PressedAt), "reboot: the original press time");
        Assert.IsTrue(Wire.Counter(StatusTopic, after.Link.WillPayload) > lastCounterBefore, "reboot: counters go on above every one used before");
        Assert.AreEqual(1, after.Camera.Changes.Count, "reboot: a restored alarm takes no new still (the line only set off at start)");

        after.Answer(alarm.AlarmId, AlarmState.Received);
        Assert.IsFalse(after.Store.Contains(AlarmOutbox.PendingKey), "reboot, received: the outbox is empty");
        Expect.Beacon(BeaconState.Received, after);

        var again = after.Reboot().Online();
        again.Run(10000);
        StoryCheckpoint.Reached("second reboot", again);
        Assert.AreEqual(0, again.Alarms().Length, "second reboot: a received alarm does not come back");
        Assert.AreEqual(3L, again.Core.LastAlarmId, "second reboot: the alarm counter is kept");
        Expect.NoErrorLogged(after);
        Expect.NoErrorLogged(again);
    }

    private static void ExpectEvent(EventMessage message, long eventId, string type, bool active, string what)
    {
        Assert.AreEqual(eventId, message.EventId, what + ": event id");
        Assert.AreEqual(type, message.Type, what + ": type");
        Assert.AreEqual(active, message.Active, what + ": raised or restored");
    }
}
