namespace SosPost.Protocol;

/// <summary>The heartbeat's <c>lamp</c>: the beacon lamp as the post last measured it.</summary>
public static class LampHealth
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    /// <summary>Not measured yet (or the post cannot measure it).</summary>
    public const string Unknown = "unknown";
}
