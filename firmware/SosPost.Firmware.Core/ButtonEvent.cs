namespace SosPost.Firmware.Core;

/// <summary>What <see cref="ButtonWatcher"/> made of the button in one tick.</summary>
public enum ButtonEvent
{
    None,

    /// <summary>A press that alarms (or adds to the active alarm).</summary>
    Press,

    /// <summary>A long press with the cabinet open: the technician's self-test.</summary>
    TechnicianPress,

    /// <summary>The button has been held past the stuck limit.</summary>
    Stuck,

    /// <summary>The stuck button was released.</summary>
    Unstuck,
}
