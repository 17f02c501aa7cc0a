using SosPost.Protocol.Security;
using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class ConnectionTests
{
    [Fact]
    public void Link_is_opened_once_with_post_id_as_client_and_user_and_offline_status_as_will()
    {
        var rig = new PostRig();
        rig.Core.Tick();
        rig.Run(1000);

        Assert.Equal(1, rig.Link.OpenCalls);
        var opened = rig.Link.OpenedWith!.Value;
        Assert.Equal(PostRig.PostId, opened.ClientId);
        Assert.Equal(PostRig.PostId, opened.UserName);
        Assert.Equal("secret", opened.Password);
        Assert.Equal("sos/v1/MHC-001/status", opened.WillTopic);
        Assert.Equal("{\"v\":1,\"state\":\"offline\"}", Signing.Unsigned(opened.WillPayload));
        Assert.True(new MessageAuth(PostRig.Key).Verify("sos/v1/MHC-001/status", opened.WillPayload, out var willCounter));

        // The will's counter is reserved at connect: every later message has a higher one.
        Assert.All(rig.Link.Published, p => Assert.True(Signing.CounterOf(p.Topic, p.Payload) > willCounter));
    }

    [Fact]
    public void Each_connection_subscribes_and_publishes_retained_online_status()
    {
        var rig = new PostRig().Online();
        rig.Run(3000);
        rig.Link.Disconnect();
        rig.Run(1000);
        rig.Link.Connect();
        rig.Core.Tick();

        Assert.Equal(["sos/v1/MHC-001/alarm/state", "sos/v1/MHC-001/cmd", "sos/v1/MHC-001/alarm/state", "sos/v1/MHC-001/cmd"], rig.Link.Subscriptions);
        var births = rig.Link.On(Topics.Status(PostRig.PostId));
        Assert.Equal(2, births.Count);
        Assert.All(births, b => Assert.True(b.Qos1 && b.Retain));
        var statuses = rig.Link.Statuses(PostRig.PostId);
        Assert.All(statuses, s => Assert.True(s.Online));
        Assert.Equal("0.1.0", statuses[0].Firmware);
        Assert.Equal(0, statuses[0].UptimeMs);
        Assert.Equal(4000, statuses[1].UptimeMs);
        Assert.Equal(1, rig.Link.OpenCalls);
    }

    [Fact]
    public void Heartbeat_is_sent_every_interval()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();

        rig.Run(59990);
        Assert.Empty(rig.Link.Heartbeats(PostRig.PostId));
        rig.Run(10);
        rig.Run(120000);

        var heartbeats = rig.Link.Heartbeats(PostRig.PostId);
        Assert.Equal([60000L, 120000L, 180000L], heartbeats.Select(h => h.UptimeMs));
        Assert.All(heartbeats, h => Assert.Equal("0.1.0", h.Firmware));
        Assert.Equal(IsoTime.Format(rig.WallClock.BaseUtc.AddMinutes(3)), IsoTime.Format(heartbeats[^1].At));
        Assert.All(rig.Link.On(Topics.Heartbeat(PostRig.PostId)), p => Assert.False(p.Qos1 || p.Retain));
    }

    [Fact]
    public void Online_status_and_heartbeat_carry_the_config_hash_and_say_unknown_for_what_the_core_cannot_measure()
    {
        var rig = new PostRig(configure: c => c.ConfigHash = "3f2a9c41", withHealthSeams: false).Online();

        rig.Run(60000);

        Assert.Equal("3f2a9c41", Assert.Single(rig.Link.Statuses(PostRig.PostId)).ConfigHash);
        var heartbeat = Assert.Single(rig.Link.Heartbeats(PostRig.PostId));
        Assert.Equal("3f2a9c41", heartbeat.ConfigHash);
        Assert.Equal((LinkType.Unknown, HeartbeatMessage.NoRssi, LampHealth.Unknown, ResetReason.Unknown), (heartbeat.Link, heartbeat.RssiDbm, heartbeat.Lamp, heartbeat.LastReset));
        Assert.Equal((true, false), (heartbeat.MainsPresent, heartbeat.Tamper));
    }

    [Fact]
    public void Heartbeat_reports_the_pending_alarm_and_an_unsynced_clock()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();
        rig.WallClock.IsSynced = false;
        rig.Press();

        rig.Run(60000);

        var heartbeat = Assert.Single(rig.Link.Heartbeats(PostRig.PostId));
        Assert.Equal(1, heartbeat.Outbox);
        Assert.Equal(DateTime.MinValue, heartbeat.At);
    }

    [Fact]
    public void No_heartbeat_while_disconnected()
    {
        var rig = new PostRig().Online();
        rig.Link.Disconnect();

        rig.Run(300000);

        Assert.Empty(rig.Link.Heartbeats(PostRig.PostId));
        Assert.Equal(BeaconState.Fault, rig.Core.Beacon);
        Assert.True(rig.Log.Has("warn", "broker connection lost"));
    }

    [Fact]
    public void Heartbeat_command_sends_one_immediately_and_restarts_the_interval()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 60000).Online();
        rig.Run(10000);

        rig.FromGateway(Topics.Command(PostRig.PostId), "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"c-17\"}");
        rig.Core.Tick();

        Assert.Equal([10000L], rig.Link.Heartbeats(PostRig.PostId).Select(h => h.UptimeMs));
        rig.Run(60000);
        Assert.Equal([10000L, 70000L], rig.Link.Heartbeats(PostRig.PostId).Select(h => h.UptimeMs));
    }

    [Fact]
    public void Unknown_command_is_ignored_and_logged()
    {
        var rig = new PostRig().Online();

        rig.FromGateway(Topics.Command(PostRig.PostId), "{\"v\":1,\"cmd\":\"selfdestruct\",\"id\":\"c-1\"}");
        rig.Core.Tick();

        Assert.True(rig.Log.Has("warn", "ignored unknown command selfdestruct"));
        Assert.DoesNotContain(rig.Link.Published, p => p.Topic != Topics.Status(PostRig.PostId));
    }

    [Fact]
    public void Messages_for_other_posts_are_ignored_and_logged()
    {
        var rig = new PostRig().Online();
        rig.Press();

        rig.Link.Inject(Topics.AlarmState("MHC-002"), PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Received, At = DateTime.UtcNow }));
        rig.Link.Inject(Topics.Command("MHC-002"), "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"c-1\"}");
        rig.Link.Inject("sos/v1/MHC-001/unknown", "{}");
        rig.Link.Inject(Topics.Alarm(PostRig.PostId), "{}");
        rig.Core.Tick();

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.Empty(rig.Link.Heartbeats(PostRig.PostId));
        Assert.True(rig.Log.Has("warn", "ignored message on sos/v1/MHC-002/alarm/state"));
        Assert.True(rig.Log.Has("warn", "ignored message on sos/v1/MHC-002/cmd"));
        Assert.True(rig.Log.Has("warn", "ignored message on sos/v1/MHC-001/unknown"));
        Assert.True(rig.Log.Has("warn", "ignored message on sos/v1/MHC-001/alarm: not a gateway topic"));
    }

    [Theory]
    [InlineData("{not json at all}")]
    [InlineData("{\"v\":1,\"alarmId\":1,\"state\":\"lost\",\"at\":\"2026-11-22T03:15:42.180Z\"}")]
    [InlineData("{\"v\":2,\"alarmId\":1,\"state\":\"received\",\"at\":\"2026-11-22T03:15:42.180Z\"}")]
    public void Malformed_alarm_state_is_ignored_and_logged(string json)
    {
        var rig = new PostRig().Online();
        rig.Press();

        rig.FromGateway(Topics.AlarmState(PostRig.PostId), json);
        rig.Core.Tick();

        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        Assert.True(rig.Log.Has("warn", "rejected alarm state"));
    }

    [Fact]
    public void A_burst_of_incoming_messages_is_drained_over_several_ticks()
    {
        var rig = new PostRig().Online();
        for (var i = 0; i < 20; i++)
        {
            rig.FromGateway(Topics.Command(PostRig.PostId), "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"c\"}");
        }

        rig.Core.Tick();
        Assert.Equal(8, rig.Link.Heartbeats(PostRig.PostId).Count);
        rig.Core.Tick();
        rig.Core.Tick();
        Assert.Equal(20, rig.Link.Heartbeats(PostRig.PostId).Count);
    }

    [Fact]
    public void Invalid_configuration_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new PostRig(configure: c => c.PostId = "mhc-001"));
        Assert.Throws<ArgumentException>(() => new PostRig(configure: c => c.HeartbeatIntervalMs = 0));
        Assert.Throws<ArgumentException>(() => new PostRig(configure: c => c.ConfigHash = "3F2A9C41"));
        Assert.Throws<ArgumentException>(() => new PostCore(new PostConfig { PostId = "MHC-001" }, new PostSeams()));
    }
}
