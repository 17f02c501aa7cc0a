namespace SosPost.Firmware.Core;

/// <summary>
/// Everything the core touches outside itself. Clock, wall clock, button, beacon, link, store and log are
/// required; the rest are optional: a post without a part does not monitor it (and says so where the
/// protocol can, e.g. lamp "unknown").
/// </summary>
public sealed class PostSeams
{
    public IClock? Clock { get; set; }

    public IWallClock? WallClock { get; set; }

    /// <summary>The panic button.</summary>
    public IDigitalInput? Button { get; set; }

    /// <summary>The beacon lamp.</summary>
    public IDigitalOutput? Beacon { get; set; }

    /// <summary>Camera trigger line; null when the post has no camera (alarms then say snapshot=false).</summary>
    public IDigitalOutput? Camera { get; set; }

    public IMqttLink? Link { get; set; }

    public IKeyValueStore? Store { get; set; }

    public ILog? Log { get; set; }

    /// <summary>Active while the beacon lamp draws current; null: the lamp is not monitored.</summary>
    public IDigitalInput? LampSense { get; set; }

    /// <summary>Active while the cabinet door is open; null: no tamper switch.</summary>
    public IDigitalInput? Tamper { get; set; }

    /// <summary>Active while mains power is present (a digital mains-good line). Used instead of <see cref="MainsVoltage"/> when set.</summary>
    public IDigitalInput? MainsSense { get; set; }

    /// <summary>The mains-derived supply voltage; present when at or above <see cref="PostConfig.MainsPresentMv"/>.</summary>
    public IAnalogInput? MainsVoltage { get; set; }

    /// <summary>The battery voltage; null: the battery is not monitored.</summary>
    public IAnalogInput? Battery { get; set; }

    /// <summary>Watchdog, restart and reset reason; null on hosts without them.</summary>
    public ISystemControl? System { get; set; }

    /// <summary>Link type, signal and free memory for the heartbeat.</summary>
    public IPostHealth? Health { get; set; }
}
