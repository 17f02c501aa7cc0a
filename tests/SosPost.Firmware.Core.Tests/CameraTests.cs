using SosPost.Firmware.Core.Tests.Simulators;

namespace SosPost.Firmware.Core.Tests;

public sealed class CameraTests
{
    [Fact]
    public void Camera_trigger_pulses_for_the_configured_width_on_a_new_alarm()
    {
        var rig = new PostRig(configure: c => c.CameraPulseMs = 500).Online();
        rig.Run(1000);

        rig.Press();
        Assert.True(rig.Camera!.IsOn);
        rig.Run(490);
        Assert.True(rig.Camera.IsOn);
        rig.Run(10);

        Assert.False(rig.Camera.IsOn);
        Assert.Equal([(0L, false), (1000L, true), (1500L, false)], rig.Camera.Changes);
    }

    [Fact]
    public void Further_presses_of_the_same_alarm_do_not_trigger_the_camera_again()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Run(2000);

        rig.Press();
        rig.Run(2000);

        Assert.Equal(1, rig.Camera!.Changes.Count(c => c.On));
    }

    [Fact]
    public void Post_without_camera_sends_alarms_without_snapshot()
    {
        var rig = new PostRig(withCamera: false).Online();

        rig.Press();

        Assert.False(Assert.Single(rig.Alarms).Snapshot);
    }

    [Fact]
    public void Restored_alarm_does_not_trigger_the_camera()
    {
        var rig = new PostRig().Online();
        rig.Press();

        var after = rig.Reboot().Online();
        after.Run(1000);

        Assert.DoesNotContain(after.Camera!.Changes, c => c.On);
        Assert.True(Assert.Single(after.Alarms).Snapshot);
    }
}
