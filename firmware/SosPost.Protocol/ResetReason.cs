namespace SosPost.Protocol;

/// <summary>The heartbeat's <c>reset</c>: why the post last started.</summary>
public static class ResetReason
{
    public const string PowerOn = "power-on";
    public const string Watchdog = "watchdog";

    /// <summary>The firmware restarted itself on purpose (update, configuration, technician).</summary>
    public const string Software = "software";

    public const string Brownout = "brownout";

    /// <summary>An unhandled exception or a hard fault.</summary>
    public const string Crash = "crash";

    public const string Unknown = "unknown";
}
