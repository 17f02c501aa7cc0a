#nullable enable
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>Monotonic milliseconds that move only when the test moves them, so a 60 s rule runs in microseconds.</summary>
public sealed class ManualClock : IClock
{
    public long NowMs { get; set; }
}
