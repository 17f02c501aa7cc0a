namespace SosPost.Protocol;

/// <summary>A request from the gateway to a post (sos/v1/{id}/cmd).</summary>
public sealed class CommandMessage
{
    /// <summary>"Send a heartbeat now": the only command in protocol version 1.</summary>
    public const string Heartbeat = "heartbeat";

    public string Command { get; set; } = string.Empty;

    /// <summary>Correlation id chosen by the gateway.</summary>
    public string Id { get; set; } = string.Empty;
}
