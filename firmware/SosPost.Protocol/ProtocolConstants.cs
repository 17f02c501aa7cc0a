namespace SosPost.Protocol;

/// <summary>Fixed values of protocol version 1 (docs/protocol.md).</summary>
public static class ProtocolConstants
{
    public const int Version = 1;
    public const int MaxPayloadBytes = 1024;
    public const string TopicRoot = "sos/v1/";
    public const string SharedGroup = "sospost-gateways";
}
