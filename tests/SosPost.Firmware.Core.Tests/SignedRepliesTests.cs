using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.Core.Tests;

/// <summary>
/// The post obeys and shows only what a gateway signed with its key, once (docs/protocol.md, "Messages to the post"):
/// a forged or replayed alarm state, event acknowledgement or command changes nothing, and is counted.
/// </summary>
public sealed class SignedRepliesTests
{
    private static readonly byte[] RogueKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_forged_dispatched_changes_nothing_and_is_counted_in_the_next_heartbeat()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();
        rig.Press();
        var dispatched = PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Dispatched, At = rig.WallClock.UtcNow });

        rig.Link.Inject(Topics.AlarmState(PostRig.PostId), dispatched);
        rig.Link.Inject(Topics.AlarmState(PostRig.PostId), new MessageAuth(RogueKey).Sign(Topics.AlarmState(PostRig.PostId), dispatched, long.MaxValue));
        rig.Core.Tick();

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.NotNull(rig.Store.Get(AlarmOutbox.PendingKey));
        Assert.Equal(2, rig.Core.RefusedMessages);
        Assert.True(rig.Log.Has("warn", "refused message on sos/v1/MHC-001/alarm/state: not signed with this post's key"));

        rig.Run(60000);
        Assert.Equal(2, rig.Link.Heartbeats(PostRig.PostId).Last().Refused);

        // The gateway's own answer still gets through.
        rig.Answer(1, AlarmState.Dispatched);
        Assert.Equal(BeaconState.Dispatched, rig.Core.Beacon);
        Assert.Null(rig.Store.Get(AlarmOutbox.PendingKey));
    }

    [Fact]
    public void A_forged_dispatched_does_not_turn_received_into_help_is_coming()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);

        var dispatched = PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Dispatched, At = rig.WallClock.UtcNow });
        var signed = PostRig.SignedByGateway(Topics.AlarmState(PostRig.PostId), dispatched);
        signed[signed.Length - 3] = signed[signed.Length - 3] == (byte)'0' ? (byte)'1' : (byte)'0';
        rig.Link.Inject(Topics.AlarmState(PostRig.PostId), signed);
        rig.Core.Tick();

        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        Assert.Equal(1, rig.Core.RefusedMessages);
    }

    [Fact]
    public void A_replayed_received_for_another_alarm_changes_nothing()
    {
        var rig = new PostRig(configure: c => c.AcknowledgedHoldMs = 1000).Online();
        rig.Press();
        var topic = Topics.AlarmState(PostRig.PostId);
        var recorded = PostRig.SignedByGateway(topic, PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Received, At = rig.WallClock.UtcNow }));
        rig.Link.Inject(topic, recorded);
        rig.Core.Tick();
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        rig.Run(2000);
        rig.Press();
        Assert.Equal(2, rig.Core.CurrentAlarmId);

        rig.Link.Inject(topic, recorded);
        rig.Core.Tick();

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.Contains("\"alarmId\":2", rig.Store.Get(AlarmOutbox.PendingKey), StringComparison.Ordinal);
        Assert.Equal(1, rig.Core.RefusedMessages);
        Assert.True(rig.Log.Has("warn", "taken before"));
    }

    [Fact]
    public void A_replayed_received_of_the_pending_alarm_after_a_reboot_is_refused()
    {
        var rig = new PostRig().Online();
        rig.Press();
        var topic = Topics.AlarmState(PostRig.PostId);
        rig.Command(CommandMessage.Heartbeat, "c-1");
        var recorded = PostRig.SignedByGateway(topic, PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Received, At = rig.WallClock.UtcNow }));

        // The gateway's later message moved the post's floor past the recorded one; the post reboots.
        rig.Command(CommandMessage.Heartbeat, "c-2");
        var after = rig.Reboot().Online();
        after.Link.Inject(topic, recorded);
        after.Core.Tick();

        Assert.Equal(BeaconState.Sending, after.Core.Beacon);
        Assert.NotNull(after.Store.Get(AlarmOutbox.PendingKey));
        Assert.Equal(1, after.Core.RefusedMessages);
    }

    [Fact]
    public void A_command_from_a_rogue_client_is_not_obeyed()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();
        var topic = Topics.Command(PostRig.PostId);
        var selfTest = PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.SelfTest, Id = "c-66" });
        var heartbeat = PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.Heartbeat, Id = "c-67" });

        rig.Link.Inject(topic, selfTest);
        rig.Link.Inject(topic, new MessageAuth(RogueKey).Sign(topic, selfTest, long.MaxValue - 1));
        rig.Link.Inject(topic, new MessageAuth(RogueKey).Sign(topic, heartbeat, long.MaxValue));
        rig.Core.Tick();
        rig.Run(1000);

        Assert.False(rig.Core.SelfTestRunning);
        Assert.Empty(rig.Link.Heartbeats(PostRig.PostId));
        Assert.Empty(rig.Alarms);
        Assert.Equal(3, rig.Core.RefusedMessages);
    }

    [Fact]
    public void A_recorded_command_replayed_after_a_reboot_is_not_obeyed_again()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();
        var topic = Topics.Command(PostRig.PostId);
        var recorded = PostRig.SignedByGateway(topic, PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.SelfTest, Id = "c-5" }));
        rig.Link.Inject(topic, recorded);
        rig.Core.Tick();
        Assert.True(rig.Core.SelfTestRunning);

        var after = rig.Reboot(c => c.HeartbeatIntervalMs = 60000).Online();
        after.Link.Inject(topic, recorded);
        after.Core.Tick();

        Assert.False(after.Core.SelfTestRunning);
        Assert.Equal(1, after.Core.RefusedMessages);
    }

    [Fact]
    public void A_forged_or_replayed_event_acknowledgement_leaves_the_event_in_the_outbox()
    {
        var rig = new PostRig().Online();
        rig.Tamper.IsActive = true;
        rig.Run(6000);
        var eventId = Assert.Single(rig.Events.Select(e => e.EventId).Distinct());
        var topic = Topics.EventAck(PostRig.PostId);
        var ack = PayloadCodec.Encode(new EventAckMessage { EventId = eventId });

        rig.Link.Inject(topic, ack);
        rig.Link.Inject(topic, new MessageAuth(RogueKey).Sign(topic, ack, long.MaxValue));
        rig.Core.Tick();

        Assert.Equal(1, rig.Core.PendingEvents);
        Assert.Equal(2, rig.Core.RefusedMessages);
    }

    [Fact]
    public void Messages_of_two_gateways_are_taken_when_they_arrive_slightly_out_of_order()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();
        var topic = Topics.Command(PostRig.PostId);
        var first = PostRig.SignedByGateway(topic, PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.Heartbeat, Id = "c-a" }));
        var second = PostRig.SignedByGateway(topic, PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.Heartbeat, Id = "c-b" }));

        rig.Link.Inject(topic, second);
        rig.Link.Inject(topic, first);
        rig.Core.Tick();

        Assert.Equal(2, rig.Link.Heartbeats(PostRig.PostId).Count);
        Assert.Equal(0, rig.Core.RefusedMessages);
    }

    [Fact]
    public void The_floor_is_kept_in_flash_and_a_fresh_board_starts_below_its_provisioning_time()
    {
        var rig = new PostRig(configure: c => c.MessageCounterStart = 1795314942120000).Online();
        var topic = Topics.Command(PostRig.PostId);
        var heartbeat = PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.Heartbeat, Id = "c-1" });
        var gateway = new MessageAuth(PostRig.Key);

        // Signed by a gateway before the board was provisioned (the board it replaces), and after.
        rig.Link.Inject(topic, gateway.Sign(topic, heartbeat, 1795314942120000 - ReplyGuard.StartMarginMicros));
        rig.Link.Inject(topic, gateway.Sign(topic, heartbeat, 1795314942120000 - ReplyGuard.StartMarginMicros + 1));
        rig.Core.Tick();

        Assert.Equal(1, rig.Core.RefusedMessages);
        Assert.Equal("1795311342120001", rig.Store.Get(ReplyGuard.StoreKey));
    }

    [Fact]
    public void Every_connection_registers_a_fresh_will_so_a_published_one_is_never_registered_again()
    {
        var rig = new PostRig().Online();
        rig.Link.Disconnect();
        rig.Core.Tick();
        rig.Link.Connect();
        rig.Core.Tick();
        rig.Link.Disconnect();
        rig.Link.Connect();
        rig.Core.Tick();

        var topic = Topics.Status(PostRig.PostId);
        var counters = rig.Link.ConnectionWills.Select(w => Signing.CounterOf(topic, w)).ToList();
        Assert.Equal(3, counters.Count);
        Assert.Equal(counters.Order().Distinct(), counters);
        Assert.All(rig.Link.ConnectionWills, w => Assert.Equal("{\"v\":1,\"state\":\"offline\"}", Signing.Unsigned(w)));
    }
}
