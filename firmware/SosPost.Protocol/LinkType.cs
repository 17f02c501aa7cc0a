namespace SosPost.Protocol;

/// <summary>The heartbeat's <c>link</c>: how the post reaches the broker.</summary>
public static class LinkType
{
    public const string Ethernet = "ethernet";
    public const string Wifi = "wifi";

    /// <summary>Cellular, through the post's SIM card.</summary>
    public const string Sim = "sim";

    /// <summary>The post cannot tell (its firmware has no way to read the network interface yet).</summary>
    public const string Unknown = "unknown";
}
