namespace SosPost.Protocol;

/// <summary>What started a self-test.</summary>
public static class SelfTestTrigger
{
    /// <summary>The gateway's <c>selftest</c> command; the report carries the command's id.</summary>
    public const string Command = "command";

    /// <summary>A technician's long press with the cabinet open.</summary>
    public const string Button = "button";
}
