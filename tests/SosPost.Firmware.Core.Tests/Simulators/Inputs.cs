namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>A contact (cabinet switch, mains-good line) the test opens and closes.</summary>
public sealed class VirtualContact : IDigitalInput
{
    public bool IsActive { get; set; }

    public bool TakeEdge() => false;
}

/// <summary>The lamp's current sense: current flows while the beacon is lit, unless the lamp has failed.</summary>
public sealed class VirtualLampSense(VirtualPin beacon) : IDigitalInput
{
    public bool LampFailed { get; set; }

    public bool IsActive => beacon.IsOn && !LampFailed;

    public bool TakeEdge() => false;
}

/// <summary>A supply voltage the test sets; negative means the ADC read failed.</summary>
public sealed class VirtualVoltage(int millivolts) : IAnalogInput
{
    public int Millivolts { get; set; } = millivolts;

    public int ReadMillivolts() => Millivolts;
}

/// <summary>Records watchdog feeds and restarts; reports a reset reason the test chooses.</summary>
public sealed class SystemControlRecorder : ISystemControl
{
    public string ResetReason { get; set; } = SosPost.Protocol.ResetReason.PowerOn;

    public int Feeds { get; private set; }

    public List<(string Reason, string Detail)> Restarts { get; } = [];

    public void FeedWatchdog() => Feeds++;

    public void Restart(string reason, string detail) => Restarts.Add((reason, detail));
}

/// <summary>Link type, signal and memory as a test sets them.</summary>
public sealed class FixedHealth : IPostHealth
{
    public string LinkType { get; set; } = SosPost.Protocol.LinkType.Wifi;

    public int RssiDbm { get; set; } = -67;

    public long FreeMemoryBytes { get; set; } = 61440;
}
