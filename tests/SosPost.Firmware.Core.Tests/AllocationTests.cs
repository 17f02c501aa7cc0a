using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Idle_connected_tick_allocates_nothing()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 3600000).Online();
        rig.Run(100);

        rig.Beacon.Changes.Capacity = 10000; // the simulator's own recording must not count
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10000; i++)
        {
            rig.Clock.NowMs += 10;
            rig.Core.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(rig.Beacon.Changes.Count > 20, "the beacon did blink during the measurement");
    }

    [Fact]
    public void Tick_with_an_acknowledged_alarm_allocates_nothing()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 3600000).Online();
        rig.Press();
        rig.Answer(1, AlarmState.Received);
        rig.Run(100);

        rig.Beacon.Changes.Capacity = 10000; // the simulator's own recording must not count
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10000; i++)
        {
            rig.Clock.NowMs += 10;
            rig.Core.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(rig.Beacon.Changes.Count > 20, "the beacon did blink during the measurement");
    }
}
