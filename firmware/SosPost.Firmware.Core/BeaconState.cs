namespace SosPost.Firmware.Core;

/// <summary>What the beacon tells the citizen (and a passing technician).</summary>
public enum BeaconState
{
    /// <summary>Connected, no alarm.</summary>
    Idle,

    /// <summary>An alarm is waiting for the gateway's "received".</summary>
    Sending,

    /// <summary>The gateway has stored the alarm.</summary>
    Received,

    /// <summary>A dispatcher acknowledged the alarm: help is coming.</summary>
    Dispatched,

    /// <summary>No broker connection or no synced clock, and no alarm active: the post needs a technician.</summary>
    Fault,

    /// <summary>A technician's self-test is running: a test alarm may be on its way, and nothing here is real.</summary>
    TechnicianTest,
}
