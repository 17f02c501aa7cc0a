namespace SosPost.Firmware.Core.Device;

/// <summary>
/// The pin map of one supported controller board: which GPIO does what, with which polarity, and which
/// firmware image and network the board runs. Each profile mirrors a machine-readable file in
/// hardware/boards/; a host test fails when the two differ or when a pin choice breaks the board's rules.
/// </summary>
public sealed class BoardProfile
{
    public BoardProfile(
        string id,
        string[] nanoffTargets,
        string[] networks,
        DigitalPinMap button,
        int buttonDebounceMs,
        DigitalPinMap beacon,
        DigitalPinMap camera,
        DigitalPinMap statusLed,
        DigitalPinMap lampSense,
        DigitalPinMap tamper,
        AnalogPinMap mains,
        AnalogPinMap battery)
    {
        Id = id;
        NanoffTargets = nanoffTargets;
        Networks = networks;
        Button = button;
        ButtonDebounceMs = buttonDebounceMs;
        Beacon = beacon;
        Camera = camera;
        StatusLed = statusLed;
        LampSense = lampSense;
        Tamper = tamper;
        Mains = mains;
        Battery = battery;
    }

    /// <summary>The profile id, as named by the post's config file (<c>"board"</c>).</summary>
    public string Id { get; }

    /// <summary>nanoff target names of the firmware images this pin map is valid for; the first is the one to flash.</summary>
    public string[] NanoffTargets { get; }

    /// <summary>How the board may reach the broker (<see cref="SosPost.Protocol.LinkType"/> values).</summary>
    public string[] Networks { get; }

    /// <summary>The panic button (interrupt-driven).</summary>
    public DigitalPinMap Button { get; }

    /// <summary>The button's debounce time, applied by the GPIO driver.</summary>
    public int ButtonDebounceMs { get; }

    public DigitalPinMap Beacon { get; }

    /// <summary>The relay into the CCTV camera's alarm input.</summary>
    public DigitalPinMap Camera { get; }

    /// <summary>The technician's LED inside the cabinet.</summary>
    public DigitalPinMap StatusLed { get; }

    /// <summary>Active while the beacon lamp draws current.</summary>
    public DigitalPinMap LampSense { get; }

    /// <summary>Active while the cabinet door is open (or its switch wiring is cut).</summary>
    public DigitalPinMap Tamper { get; }

    /// <summary>The mains-derived DC supply, upstream of the battery.</summary>
    public AnalogPinMap Mains { get; }

    public AnalogPinMap Battery { get; }

    /// <summary>True when the firmware image named by the device (its nanoff target) is one this pin map is for.</summary>
    public bool RunsOn(string? targetName)
    {
        return Contains(NanoffTargets, targetName);
    }

    /// <summary>True when the board can use that network (<see cref="SosPost.Protocol.LinkType"/> value).</summary>
    public bool Supports(string? network)
    {
        return Contains(Networks, network);
    }

    private static bool Contains(string[] values, string? value)
    {
        if (value == null)
        {
            return false;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }

        return false;
    }
}
