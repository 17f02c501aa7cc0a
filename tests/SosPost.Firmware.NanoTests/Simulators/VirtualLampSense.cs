#nullable enable
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>The beacon lamp's current sense: current flows while the beacon output is on, unless the lamp has failed.</summary>
public sealed class VirtualLampSense : IDigitalInput
{
    private readonly VirtualOutput _beacon;

    public VirtualLampSense(VirtualOutput beacon)
    {
        _beacon = beacon;
    }

    public bool LampFailed { get; set; }

    public bool IsActive => _beacon.IsOn && !LampFailed;

    public bool TakeEdge() => false;
}
