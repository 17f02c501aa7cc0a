namespace SosPost.Firmware.Core;

/// <summary>
/// Everything the core touches outside itself. All are required except <see cref="Camera"/>.
/// Later issues add an analog input (supply voltage) and system control (watchdog, restart) here.
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
}
