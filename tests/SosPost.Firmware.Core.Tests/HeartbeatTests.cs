using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class HeartbeatTests
{
    [Fact]
    public void A_heartbeat_carries_every_health_field_from_the_seams()
    {
        var rig = new PostRig(configure: c => c.ConfigHash = "3f2a9c41", resetReason: ResetReason.Brownout).Online();
        rig.Health.LinkType = LinkType.Sim;
        rig.Health.RssiDbm = -81;
        rig.Health.FreeMemoryBytes = 58112;
        rig.Battery.Millivolts = 12650;
        rig.MainsVoltage.Millivolts = 0;
        rig.Tamper.IsActive = true;
        rig.Press();
        rig.Run(60000);

        var heartbeat = rig.Link.Heartbeats(PostRig.PostId).Last();
        Assert.Equal("0.1.0", heartbeat.Firmware);
        Assert.Equal("3f2a9c41", heartbeat.ConfigHash);
        Assert.Equal((LinkType.Sim, -81, 58112L), (heartbeat.Link, heartbeat.RssiDbm, heartbeat.FreeMemoryBytes));
        Assert.Equal((false, 12650, true), (heartbeat.MainsPresent, heartbeat.BatteryMv, heartbeat.Tamper));
        Assert.Equal(LampHealth.Ok, heartbeat.Lamp);
        Assert.Equal(ResetReason.Brownout, heartbeat.LastReset);
        Assert.Equal(1 + 2, heartbeat.Outbox); // the alarm, tamper and mains events, none acknowledged
        Assert.InRange(heartbeat.UptimeMs, 60000, rig.Clock.NowMs);
        Assert.NotEqual(DateTime.MinValue, heartbeat.At);
    }

    [Fact]
    public void More_free_memory_than_the_wire_carries_is_reported_as_its_largest_value_not_an_invalid_heartbeat()
    {
        // Seen in the demo: the simulator on a 24 GB machine reported 25 GB free, and the gateway refused every
        // heartbeat as bad-field, so no virtual post ever showed its health.
        var rig = new PostRig().Online();
        rig.Health.FreeMemoryBytes = 25_269_309_768;
        rig.Run(60000);

        var heartbeat = rig.Link.Heartbeats(PostRig.PostId).Last();
        Assert.Equal(PayloadCodec.MaxFreeMemoryBytes, heartbeat.FreeMemoryBytes);
    }

    [Fact]
    public void Heartbeats_are_not_queued_while_offline()
    {
        var rig = new PostRig().Online();
        rig.Link.Disconnect();
        rig.Run(300000);
        rig.Link.Connect();
        rig.Run(1000);

        Assert.Empty(rig.Link.Heartbeats(PostRig.PostId));
    }
}
