using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

public sealed class BeaconTests
{
    [Theory]
    [InlineData(BeaconState.Sending, 0, true)]
    [InlineData(BeaconState.Sending, 99, true)]
    [InlineData(BeaconState.Sending, 100, false)]
    [InlineData(BeaconState.Sending, 199, false)]
    [InlineData(BeaconState.Sending, 200, true)]
    [InlineData(BeaconState.Received, 499, true)]
    [InlineData(BeaconState.Received, 500, false)]
    [InlineData(BeaconState.Received, 1000, true)]
    [InlineData(BeaconState.Dispatched, 0, true)]
    [InlineData(BeaconState.Dispatched, 123456789, true)]
    [InlineData(BeaconState.Idle, 0, true)]
    [InlineData(BeaconState.Idle, 49, true)]
    [InlineData(BeaconState.Idle, 50, false)]
    [InlineData(BeaconState.Idle, 4999, false)]
    [InlineData(BeaconState.Idle, 5000, true)]
    [InlineData(BeaconState.Fault, 50, true)]
    [InlineData(BeaconState.Fault, 150, false)]
    [InlineData(BeaconState.Fault, 250, true)]
    [InlineData(BeaconState.Fault, 350, false)]
    [InlineData(BeaconState.Fault, 1999, false)]
    [InlineData(BeaconState.Fault, 2000, true)]
    [InlineData(BeaconState.Sending, -5, true)]
    public void Pattern_is_a_pure_function_of_state_and_time(BeaconState state, long msInState, bool lit)
    {
        Assert.Equal(lit, BeaconPattern.IsLit(state, msInState));
    }

    [Fact]
    public void Duty_cycles_over_a_long_window_match_the_table()
    {
        int LitMs(BeaconState s) => Enumerable.Range(0, 10000).Count(ms => BeaconPattern.IsLit(s, ms));

        Assert.Equal(5000, LitMs(BeaconState.Sending));
        Assert.Equal(5000, LitMs(BeaconState.Received));
        Assert.Equal(10000, LitMs(BeaconState.Dispatched));
        Assert.Equal(100, LitMs(BeaconState.Idle));
        Assert.Equal(1000, LitMs(BeaconState.Fault));
    }

    [Fact]
    public void Beacon_states_follow_the_alarm()
    {
        var rig = new PostRig();
        Assert.Equal(BeaconState.Fault, rig.Core.Beacon);
        rig.Online();
        Assert.Equal(BeaconState.Idle, rig.Core.Beacon);

        rig.Press();
        Assert.Equal(BeaconState.Sending, rig.Core.Beacon);
        rig.Answer(1, AlarmState.Received);
        Assert.Equal(BeaconState.Received, rig.Core.Beacon);
        rig.Answer(1, AlarmState.Dispatched);
        Assert.Equal(BeaconState.Dispatched, rig.Core.Beacon);

        rig.Link.Disconnect();
        rig.Run(100);
        Assert.Equal(BeaconState.Dispatched, rig.Core.Beacon);

        rig.Run(rig.Config.AcknowledgedHoldMs);
        Assert.Equal(BeaconState.Fault, rig.Core.Beacon);
    }

    [Fact]
    public void Sending_beacon_blinks_100_on_100_off_from_the_press()
    {
        var rig = new PostRig().Online();
        rig.Run(1000);
        var pressedAt = rig.Clock.NowMs;
        rig.Press();
        rig.Run(990);

        var changes = rig.Beacon.Changes.Where(c => c.AtMs >= pressedAt).ToList();
        Assert.Equal(10, changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            Assert.Equal(pressedAt + (i * 100), changes[i].AtMs);
            Assert.Equal(i % 2 == 0, changes[i].On);
        }
    }

    [Fact]
    public void Dispatched_beacon_is_steady_on()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Answer(1, AlarmState.Dispatched);
        var since = rig.Clock.NowMs;
        rig.Run(60000);

        Assert.True(rig.Beacon.IsOn);
        Assert.DoesNotContain(rig.Beacon.Changes, c => c.AtMs > since);
    }

    [Fact]
    public void Output_is_written_only_when_the_lamp_changes()
    {
        var rig = new PostRig().Online();
        rig.Run(20000);

        // Idle: a blip every 5 s is two writes per 5 s, not one per tick.
        Assert.InRange(rig.Beacon.SetCalls, 8, 10);
    }
}
