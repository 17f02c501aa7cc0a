#nullable enable
using System;
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Simulators;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.NanoTests;

/// <summary>The post's life on the broker: connect, birth and last will, heartbeats, commands.</summary>
[TestClass]
public static class ConnectionTests
{
    [TestMethod]
    public static void Link_is_opened_once_with_the_post_id_and_the_offline_status_as_last_will()
    {
        var bench = new PostBench();
        bench.Core.Tick();
        bench.Run(1000);

        Assert.AreEqual(1, bench.Link.OpenCalls, "the adapter reconnects by itself; the core opens once");
        Assert.AreEqual(PostBench.PostId, bench.Link.OpenedClientId, "client id");
        Assert.AreEqual(PostBench.PostId, bench.Link.OpenedUserName, "user name");
        Assert.AreEqual(PostBench.Password, bench.Link.OpenedPassword, "password");
        Assert.AreEqual("sos/v1/MHC-001/status", bench.Link.WillTopic, "last will topic");
        Assert.IsTrue(Wire.Text(bench.Link.WillPayload).StartsWith("{\"v\":1,\"state\":\"offline\",\"ctr\":1,\"mac\":\""), "last will payload, signed with counter 1");
        Assert.IsTrue(new MessageAuth(PostBench.Key).Verify("sos/v1/MHC-001/status", bench.Link.WillPayload, out var counter), "the will verifies under the post's key");
        Assert.AreEqual(1L, counter, "the will's counter is reserved at connect");
    }

    [TestMethod]
    public static void Each_connection_subscribes_and_publishes_a_retained_online_birth()
    {
        var bench = new PostBench().Online();
        bench.Run(3000);
        bench.Link.Disconnect();
        bench.Run(1000);
        bench.Link.Connect();
        bench.Core.Tick();

        // The broker may have lost the session (restart): the post subscribes again every time.
        CollectionAssert.AreEqual(
            new[] { "sos/v1/MHC-001/alarm/state", "sos/v1/MHC-001/cmd", "sos/v1/MHC-001/alarm/state", "sos/v1/MHC-001/cmd" },
            bench.Link.Subscriptions,
            "subscriptions");
        var births = bench.Link.On(Topics.Status(PostBench.PostId));
        Assert.AreEqual(2, births.Length, "one birth per connection");
        foreach (var birth in births)
        {
            Assert.IsTrue(birth.Qos1 && birth.Retain, "birth is QoS 1 and retained, replacing the last will");
            var status = Wire.Status(birth.Payload);
            Assert.IsTrue(status.Online);
            Assert.AreEqual(PostBench.Firmware, status.Firmware);
            Assert.AreEqual(bench.Config.ConfigHash, status.ConfigHash, "the gateway compares it with the configuration it expects");
        }

        Assert.AreEqual(0L, Wire.Status(births[0].Payload).UptimeMs, "first connection at boot");
        Assert.AreEqual(4000L, Wire.Status(births[1].Payload).UptimeMs, "second connection 4 s later");
        Assert.AreEqual(1, bench.Link.OpenCalls);
    }

    [TestMethod]
    public static void Heartbeat_is_sent_every_interval_at_qos0()
    {
        var bench = new PostBench(ShortHeartbeat()).Online();

        bench.Run(9990);
        Assert.AreEqual(0, bench.Link.On(Topics.Heartbeat(PostBench.PostId)).Length, "none before the first interval");
        bench.Run(10);
        bench.Run(20000);

        var sent = bench.Link.On(Topics.Heartbeat(PostBench.PostId));
        Assert.AreEqual(3, sent.Length, "one per interval");
        for (var i = 0; i < sent.Length; i++)
        {
            Assert.IsFalse(sent[i].Qos1 || sent[i].Retain, "a lost heartbeat is replaced by the next one: QoS 0, not retained");
            var heartbeat = Wire.Heartbeat(sent[i].Payload);
            Assert.AreEqual(10000L * (i + 1), heartbeat.UptimeMs, "heartbeat " + i);
            Assert.AreEqual(PostBench.Firmware, heartbeat.Firmware);
            Assert.AreEqual(0, heartbeat.Outbox, "no alarm waiting");
        }

        Assert.AreEqual(IsoTime.Format(bench.WallClock.BaseUtc.AddSeconds(30)), IsoTime.Format(Wire.Heartbeat(sent[2].Payload).At));
    }

    [TestMethod]
    public static void Heartbeat_reports_a_waiting_alarm_and_an_unsynced_clock()
    {
        var bench = new PostBench(ShortHeartbeat()).Online();
        bench.WallClock.IsSynced = false;
        bench.Press();

        bench.Run(10000);

        var sent = bench.Link.On(Topics.Heartbeat(PostBench.PostId));
        Assert.AreEqual(1, sent.Length);
        var heartbeat = Wire.Heartbeat(sent[0].Payload);
        Assert.AreEqual(1, heartbeat.Outbox, "the alarm still waits for received");
        Assert.AreEqual(DateTime.MinValue.Ticks, heartbeat.At.Ticks, "no time before SNTP has answered");
    }

    [TestMethod]
    public static void No_heartbeat_while_disconnected_and_the_beacon_shows_fault()
    {
        var bench = new PostBench(ShortHeartbeat()).Online();
        bench.Link.Disconnect();

        bench.Run(60000);

        Assert.AreEqual(0, bench.Link.On(Topics.Heartbeat(PostBench.PostId)).Length);
        Assert.AreEqual(0, bench.Link.RefusedPublishes, "the core does not even try");
        Expect.Beacon(BeaconState.Fault, bench);
        Assert.IsFalse(bench.Core.IsConnected);
    }

    [TestMethod]
    public static void Heartbeat_command_sends_one_at_once_and_restarts_the_interval()
    {
        var bench = new PostBench(ShortHeartbeat()).Online();
        bench.Run(5000);

        bench.FromGateway(Topics.Command(PostBench.PostId), "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"c-17\"}");
        bench.Core.Tick();

        var sent = bench.Link.On(Topics.Heartbeat(PostBench.PostId));
        Assert.AreEqual(1, sent.Length, "sent on the tick that took the command");
        Assert.AreEqual(5000L, Wire.Heartbeat(sent[0].Payload).UptimeMs);
        bench.Run(10000);
        sent = bench.Link.On(Topics.Heartbeat(PostBench.PostId));
        Assert.AreEqual(2, sent.Length, "not also at 10 s: the command restarted the interval");
        Assert.AreEqual(15000L, Wire.Heartbeat(sent[1].Payload).UptimeMs, "the next one an interval after the command");
    }

    [TestMethod]
    public static void Messages_for_other_posts_or_of_unknown_kind_are_ignored()
    {
        var bench = new PostBench().Online();
        bench.Press();
        var warningsBefore = bench.Log.Warnings;

        var receivedForOther = new AlarmStateMessage { AlarmId = 1, State = AlarmState.Received, At = bench.WallClock.UtcNow };
        bench.Link.Inject(Topics.AlarmState("MHC-002"), PayloadCodec.Encode(receivedForOther));
        bench.Link.Inject(Topics.Command("MHC-002"), "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"c-1\"}");
        bench.FromGateway(Topics.AlarmState(PostBench.PostId), "{\"v\":2,\"alarmId\":1,\"state\":\"received\",\"at\":\"2026-11-22T03:15:42.180Z\"}");
        bench.FromGateway(Topics.Command(PostBench.PostId), "{\"v\":1,\"cmd\":\"selfdestruct\",\"id\":\"c-2\"}");
        bench.Core.Tick();

        Expect.Beacon(BeaconState.Sending, bench);
        Assert.AreEqual(1, bench.Core.PendingAlarms, "another post's received does not clear this alarm");
        Assert.AreEqual(0, bench.Link.On(Topics.Heartbeat(PostBench.PostId)).Length, "another post's command is not obeyed");
        Assert.AreEqual(warningsBefore + 4, bench.Log.Warnings, "each ignored message is reported");
        Assert.Contains("selfdestruct", bench.Log.LastWarning);
    }

    [TestMethod]
    public static void Invalid_configuration_is_refused_at_start()
    {
        var badId = PostBench.DefaultConfig();
        badId.PostId = "mhc-001";
        var shortHeartbeat = PostBench.DefaultConfig();
        shortHeartbeat.HeartbeatIntervalMs = 0;

        Assert.ThrowsException(typeof(ArgumentException), () => { _ = new PostBench(badId); }, "lower-case post id");
        Assert.ThrowsException(typeof(ArgumentException), () => { _ = new PostBench(shortHeartbeat); }, "heartbeat interval 0");
        Assert.ThrowsException(
            typeof(ArgumentException),
            () => { _ = new PostCore(PostBench.DefaultConfig(), new PostSeams { Clock = new ManualClock() }); },
            "seams missing");
    }

    // 10 s instead of the shipped 60 s: the rule is the same and the test ticks a sixth as often (the device
    // runs these tests interpreted).
    private static PostConfig ShortHeartbeat()
    {
        var config = PostBench.DefaultConfig();
        config.HeartbeatIntervalMs = 10000;
        return config;
    }
}
