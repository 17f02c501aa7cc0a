namespace SosPost.Firmware.Core;

/// <summary>
/// The lamp as a pure function of state and time in that state, so that patterns are testable
/// without waiting. Provisional table (the full table is a later issue):
/// Idle 50 ms blip every 5 s; Sending 100/100 ms; Received 500/500 ms; Dispatched steady;
/// Fault two 100 ms blips every 2 s.
/// </summary>
public static class BeaconPattern
{
    public static bool IsLit(BeaconState state, long msInState)
    {
        if (msInState < 0)
        {
            msInState = 0;
        }

        switch (state)
        {
            case BeaconState.Sending:
                return msInState % 200 < 100;
            case BeaconState.Received:
                return msInState % 1000 < 500;
            case BeaconState.Dispatched:
                return true;
            case BeaconState.Fault:
                var t = msInState % 2000;
                return t < 100 || (t >= 200 && t < 300);
            default:
                return msInState % 5000 < 50;
        }
    }

    /// <summary>The state's name without Enum.ToString (not reliable on nanoFramework).</summary>
    public static string NameOf(BeaconState state)
    {
        switch (state)
        {
            case BeaconState.Sending:
                return "Sending";
            case BeaconState.Received:
                return "Received";
            case BeaconState.Dispatched:
                return "Dispatched";
            case BeaconState.Fault:
                return "Fault";
            default:
                return "Idle";
        }
    }
}
