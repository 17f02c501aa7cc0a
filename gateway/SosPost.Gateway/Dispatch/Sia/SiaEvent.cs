namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>What a post reports, in the terms an alarm receiving centre codes it.</summary>
public enum SiaEvent
{
    Panic,
    TamperAlarm,
    TamperRestore,
    AcLoss,
    AcRestore,
    LowBattery,
    BatteryRestore,
    LampFault,
    LampRestore,
    Test,
}

/// <summary>One event's codes: the SIA DC-03 event code (SIA-DCS) and the Contact ID qualifier and event (ADM-CID).</summary>
public readonly record struct SiaCode(string Sia, int CidQualifier, int CidEvent);

/// <summary>The code table (docs/dispatch-integration.md#event-codes); the one place that maps events to codes.</summary>
public static class SiaCodes
{
    private const int New = 1;
    private const int Restore = 3;

    public static SiaCode Of(SiaEvent value) => value switch
    {
        SiaEvent.Panic => new("PA", New, 120),
        SiaEvent.TamperAlarm => new("TA", New, 137),
        SiaEvent.TamperRestore => new("TR", Restore, 137),
        SiaEvent.AcLoss => new("AT", New, 301),
        SiaEvent.AcRestore => new("AR", Restore, 301),
        SiaEvent.LowBattery => new("YT", New, 302),
        SiaEvent.BatteryRestore => new("YR", Restore, 302),

        // A dark lamp is an equipment fault of the post, not a fire or zone trouble: SIA "equipment failure
        // condition / restoral", Contact ID "system peripheral trouble".
        SiaEvent.LampFault => new("IA", New, 330),
        SiaEvent.LampRestore => new("IR", Restore, 330),

        // A technician's self-test is a manual test report.
        SiaEvent.Test => new("TX", New, 601),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "No SIA code for this event."),
    };
}
