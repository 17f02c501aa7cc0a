namespace SosPost.Mqtt.Packets;

/// <summary>A packet a server may send to a client, as decoded by <see cref="MqttPacketReader"/>.</summary>
internal abstract record MqttPacket;

/// <summary>ReceiveMaximum is 65535 when the server does not limit it; ServerKeepAlive and MaximumPacketSize only come with MQTT 5.</summary>
internal sealed record ConnAckPacket(
    bool SessionPresent,
    byte ReasonCode,
    ushort ReceiveMaximum = ushort.MaxValue,
    ushort? ServerKeepAlive = null,
    uint? MaximumPacketSize = null,
    string? ReasonString = null) : MqttPacket;

/// <summary>Qos is the wire value 0, 1 or 2; PacketId is 0 for QoS 0. The payload is a copy owned by the packet.</summary>
internal sealed record PublishPacket(string Topic, ReadOnlyMemory<byte> Payload, int Qos, bool Retain, bool Dup, ushort PacketId) : MqttPacket;

/// <summary>PUBACK, PUBREC, PUBREL or PUBCOMP: the same shape in both protocol versions (the reason code is 0 in 3.1.1).</summary>
internal sealed record AckPacket(MqttPacketType Type, ushort PacketId, byte ReasonCode = 0, string? ReasonString = null) : MqttPacket;

/// <summary>One granted QoS or reason code per filter of the SUBSCRIBE.</summary>
internal sealed record SubAckPacket(ushort PacketId, byte[] ReasonCodes) : MqttPacket;

/// <summary>ReasonCodes is empty in 3.1.1, which has none.</summary>
internal sealed record UnsubAckPacket(ushort PacketId, byte[] ReasonCodes) : MqttPacket;

internal sealed record PingRespPacket : MqttPacket
{
    public static PingRespPacket Instance { get; } = new();
}

/// <summary>A server-sent DISCONNECT (MQTT 5) with its reason.</summary>
internal sealed record DisconnectPacket(byte ReasonCode, string? ReasonString = null) : MqttPacket;
