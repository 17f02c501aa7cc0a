namespace SosPost.Firmware.Core;

/// <summary>
/// The lamp as a pure function of state and time in that state, so that patterns are testable without
/// waiting. Each pattern is a cycle of lit and dark segments starting lit; docs/post-behaviour.md has the
/// same table, and a test checks the two agree. The patterns differ in rhythm, not only in speed, so that
/// a citizen and a passing officer can tell them apart at a glance.
/// </summary>
public static class BeaconPattern
{
    // Milliseconds: lit, dark, lit, dark, ... Dispatched has none: it is steady on.
    private static readonly int[] IdleSegments = { 50, 4950 };
    private static readonly int[] SendingSegments = { 100, 100 };
    private static readonly int[] ReceivedSegments = { 500, 500 };
    private static readonly int[] FaultSegments = { 100, 100, 100, 1700 };
    private static readonly int[] TechnicianTestSegments = { 1500, 500 };

    public static bool IsLit(BeaconState state, long msInState)
    {
        if (state == BeaconState.Dispatched)
        {
            return true;
        }

        var segments = SegmentsOf(state);
        var cycle = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            cycle += segments[i];
        }

        var t = msInState < 0 ? 0 : msInState % cycle;
        for (var i = 0; i < segments.Length; i++)
        {
            if (t < segments[i])
            {
                return i % 2 == 0;
            }

            t -= segments[i];
        }

        return false;
    }

    /// <summary>The pattern in the words of the docs' table, e.g. "100 on, 100 off" or "steady on".</summary>
    public static string Describe(BeaconState state)
    {
        if (state == BeaconState.Dispatched)
        {
            return "steady on";
        }

        var segments = SegmentsOf(state);
        var text = string.Empty;
        for (var i = 0; i < segments.Length; i++)
        {
            text += (i == 0 ? string.Empty : ", ") + IntegerText.Format(segments[i]) + (i % 2 == 0 ? " on" : " off");
        }

        return text;
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
            case BeaconState.TechnicianTest:
                return "TechnicianTest";
            default:
                return "Idle";
        }
    }

    private static int[] SegmentsOf(BeaconState state)
    {
        switch (state)
        {
            case BeaconState.Sending:
                return SendingSegments;
            case BeaconState.Received:
                return ReceivedSegments;
            case BeaconState.Fault:
                return FaultSegments;
            case BeaconState.TechnicianTest:
                return TechnicianTestSegments;
            default:
                return IdleSegments;
        }
    }
}
