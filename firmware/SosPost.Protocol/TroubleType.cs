namespace SosPost.Protocol;

/// <summary>
/// The <c>type</c> of a trouble event. With <c>active</c> true the trouble is present; false restores it.
/// Readers accept any non-empty type, so that a trouble from a newer post is stored and acknowledged,
/// never rejected and re-sent forever.
/// </summary>
public static class TroubleType
{
    /// <summary>The cabinet is open.</summary>
    public const string Tamper = "tamper";

    /// <summary>Mains power is lost: the post runs on its battery.</summary>
    public const string Mains = "mains";

    /// <summary>The battery is below the post's low threshold.</summary>
    public const string BatteryLow = "battery-low";

    /// <summary>The beacon lamp has failed.</summary>
    public const string Lamp = "lamp";

    /// <summary>The panic button is held far longer than any press: stuck, jammed or wedged.</summary>
    public const string StuckButton = "stuck-button";
}
