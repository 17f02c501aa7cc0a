#nullable enable
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.NanoTests;

/// <summary>
/// The post shows and obeys only what a gateway signed with its key, once (docs/protocol.md, "Messages to the post"):
/// a forged "dispatched", a replayed "received" and a command from a rogue client each change nothing, and are counted.
/// </summary>
[TestClass]
public static class SignedRepliesTests
{
    private static readonly byte[] RogueKey = new byte[] { 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 80, 79, 78, 77, 76, 75, 74, 73, 72, 71, 70, 69, 68 };

    [TestMethod]
    public static void A_forged_dispatched_changes_nothing_and_is_counted_in_the_next_heartbeat()
    {
        var bench = new PostBench().Online();
        bench.Press();
        bench.Answer(1, AlarmState.Received);
        var topic = Topics.AlarmState(PostBench.PostId);
        var dispatched = PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Dispatched, At = bench.WallClock.UtcNow });

        bench.Link.Inject(topic, dispatched);
        bench.Link.Inject(topic, new MessageAuth(RogueKey).Sign(topic, dispatched, bench.GatewayCounter + 1));
        bench.Core.Tick();

        Expect.Beacon(BeaconState.Received, bench);
        Assert.AreEqual(2L, bench.Core.RefusedMessages, "both refused");
        Assert.Contains("not signed with this post's key", bench.Log.LastWarning);

        bench.Command(CommandMessage.Heartbeat, "c-1");
        var heartbeats = bench.Link.On(Topics.Heartbeat(PostBench.PostId));
        Assert.AreEqual(2L, Wire.Heartbeat(heartbeats[heartbeats.Length - 1].Payload).Refused, "the heartbeat reports the count");
    }

    [TestMethod]
    public static void A_forged_dispatched_does_not_take_a_pending_alarm_out_of_flash()
    {
        var bench = new PostBench().Online();
        bench.Press();
        var topic = Topics.AlarmState(PostBench.PostId);
        var dispatched = PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Dispatched, At = bench.WallClock.UtcNow });

        bench.Link.Inject(topic, new MessageAuth(RogueKey).Sign(topic, dispatched, bench.GatewayCounter + 1));
        bench.Core.Tick();

        Expect.Beacon(BeaconState.Sending, bench);
        Assert.AreEqual(1L, bench.PendingInFlash().AlarmId, "the alarm stays in the outbox");
        Assert.AreEqual(1L, bench.Core.RefusedMessages);
    }

    [TestMethod]
    public static void A_replayed_received_for_another_alarm_changes_nothing()
    {
        var config = PostBench.DefaultConfig();
        config.AcknowledgedHoldMs = 1000;
        var bench = new PostBench(config).Online();
        bench.Press();
        var topic = Topics.AlarmState(PostBench.PostId);
        var recorded = bench.SignedByGateway(topic, PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Received, At = bench.WallClock.UtcNow }));
        bench.Link.Inject(topic, recorded);
        bench.Core.Tick();
        Expect.Beacon(BeaconState.Received, bench);
        bench.Run(2000);
        bench.Press();

        bench.Link.Inject(topic, recorded);
        bench.Core.Tick();

        Expect.Beacon(BeaconState.Sending, bench);
        Assert.AreEqual(2L, bench.PendingInFlash().AlarmId, "alarm 2 stays in the outbox");
        Assert.AreEqual(1L, bench.Core.RefusedMessages);
        Assert.Contains("taken before", bench.Log.LastWarning);
    }

    [TestMethod]
    public static void A_command_from_a_rogue_client_is_not_obeyed()
    {
        var bench = new PostBench().Online();
        var topic = Topics.Command(PostBench.PostId);
        var selfTest = PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.SelfTest, Id = "c-66" });
        var heartbeat = PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.Heartbeat, Id = "c-67" });

        bench.Link.Inject(topic, selfTest);
        bench.Link.Inject(topic, new MessageAuth(RogueKey).Sign(topic, heartbeat, bench.GatewayCounter + 1));
        bench.Core.Tick();
        bench.Run(1000);

        Assert.IsFalse(bench.Core.SelfTestRunning, "no self-test");
        Assert.AreEqual(0, bench.Link.On(Topics.Heartbeat(PostBench.PostId)).Length, "no heartbeat");
        Assert.AreEqual(0, bench.Alarms().Length, "no test alarm");
        Assert.AreEqual(2L, bench.Core.RefusedMessages);
    }

    [TestMethod]
    public static void A_recorded_command_replayed_after_a_reboot_is_not_obeyed_again()
    {
        var bench = new PostBench().Online();
        var topic = Topics.Command(PostBench.PostId);
        var recorded = bench.SignedByGateway(topic, PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.SelfTest, Id = "c-5" }));
        bench.Link.Inject(topic, recorded);
        bench.Core.Tick();
        Assert.IsTrue(bench.Core.SelfTestRunning, "the gateway's command is obeyed");

        var after = bench.Reboot().Online();
        after.Link.Inject(topic, recorded);
        after.Core.Tick();

        Assert.IsFalse(after.Core.SelfTestRunning, "the floor in flash refuses the copy");
        Assert.AreEqual(1L, after.Core.RefusedMessages);
    }

    [TestMethod]
    public static void Every_connection_registers_a_fresh_will()
    {
        var bench = new PostBench().Online();
        var topic = Topics.Status(PostBench.PostId);
        var first = Wire.Counter(topic, bench.Link.ConnectedWill);

        bench.Link.Disconnect();
        bench.Core.Tick();
        bench.Link.Connect();
        bench.Core.Tick();
        var second = Wire.Counter(topic, bench.Link.ConnectedWill);

        Assert.IsTrue(second > first, "the second connection's will has a newer counter");
        Assert.AreEqual("{\"v\":1,\"state\":\"offline\"}", Wire.Unsigned(Wire.Text(bench.Link.ConnectedWill)));
    }
}
