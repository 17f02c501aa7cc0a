namespace SosPost.Protocol;

/// <summary>A request from the gateway to a post (sos/v1/{id}/cmd).</summary>
public sealed class CommandMessage
{
    /// <summary>"Send a heartbeat now".</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary>"Run a self-test now and publish its report with this command's id".</summary>
    public const string SelfTest = "selftest";

    public string Command { get; set; } = string.Empty;

    /// <summary>Correlation id chosen by the gateway.</summary>
    public string Id { get; set; } = string.Empty;
}
