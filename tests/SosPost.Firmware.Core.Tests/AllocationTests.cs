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

public sealed class AlarmAllocationTests
{
    /// <summary>The documented budget of one whole alarm (docs/post-behaviour.md, allocation budgets).</summary>
    private const long AlarmBudgetBytes = 5 * 1024; // measured 4,664 bytes on net10.0: the alarm and the signed state JSON, the gateway counter's flash write, log lines

    [Fact]
    public void A_whole_alarm_from_press_to_received_stays_within_its_allocation_budget()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 3600000).Online();
        rig.Run(100);
        rig.Beacon.Changes.Capacity = 10000;
        rig.Camera!.Changes.Capacity = 100;
        rig.Link.Published.Capacity = 100;
        rig.Log.Entries.Capacity = 1000;
        var state = PostRig.SignedByGateway(Topics.AlarmState(PostRig.PostId), PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = AlarmState.Received, At = rig.WallClock.UtcNow }));

        var before = GC.GetAllocatedBytesForCurrentThread();
        rig.Button.Press();
        rig.Clock.NowMs += 10;
        rig.Core.Tick();
        rig.Link.Inject(Topics.AlarmState(PostRig.PostId), state);
        for (var i = 0; i < 1000; i++)
        {
            rig.Clock.NowMs += 10;
            rig.Core.Tick();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        Assert.InRange(allocated, 1, AlarmBudgetBytes);
    }

    [Fact]
    public void Idle_ticks_with_every_monitor_running_allocate_nothing()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 3600000).Online();
        rig.Run(100);
        Assert.True(rig.WithHealthSeams);
        rig.Beacon.Changes.Capacity = 10000;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10000; i++)
        {
            rig.Clock.NowMs += 10;
            rig.Core.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
