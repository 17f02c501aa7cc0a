namespace SosPost.Mqtt.Tests.Packets;

/// <summary>Valid server-to-client packets, written out byte by byte from the MQTT 3.1.1 and 5.0 specifications.</summary>
internal static class PacketSamples
{
    public static readonly byte[] ConnAckV311 = Hex("20 02 01 00");

    /// <summary>Receive Maximum 20, Server Keep Alive 60, Maximum Packet Size 4096, Reason String "hi", User Property a=b.</summary>
    public static readonly byte[] ConnAckV5 = Hex("20 1A 00 00 17 21 0014 13 003C 27 00001000 1F 0002 6869 26 0001 61 0001 62");

    public static readonly byte[] PublishQos1V311 = Hex("32 09 0003 612F62 0007 6869");

    /// <summary>Payload Format Indicator and Message Expiry Interval properties, then the payload "hi".</summary>
    public static readonly byte[] PublishQos1V5 = Hex("33 11 0003 612F62 0007 07 01 01 02 0000003C 6869");

    public static readonly byte[] PubAckV311 = Hex("40 02 0001");

    /// <summary>Reason 0x87 (not authorized) with Reason String "no".</summary>
    public static readonly byte[] PubAckRejectedV5 = Hex("40 09 0001 87 05 1F 0002 6E6F");

    public static readonly byte[] PubRel = Hex("62 02 0005");

    public static readonly byte[] SubAckV311 = Hex("90 03 0001 01");

    public static readonly byte[] SubAckV5 = Hex("90 05 0001 00 00 87");

    public static readonly byte[] UnsubAckV311 = Hex("B0 02 0001");

    public static readonly byte[] UnsubAckV5 = Hex("B0 04 0001 00 00");

    public static readonly byte[] PingResp = Hex("D0 00");

    /// <summary>Reason 0x8B (server shutting down) with Reason String "bye!".</summary>
    public static readonly byte[] DisconnectV5 = Hex("E0 09 8B 07 1F 0004 62796521");

    public static IEnumerable<(MqttProtocolVersion Version, byte[] Packet)> All() =>
    [
        (MqttProtocolVersion.V311, ConnAckV311),
        (MqttProtocolVersion.V500, ConnAckV5),
        (MqttProtocolVersion.V311, PublishQos1V311),
        (MqttProtocolVersion.V500, PublishQos1V5),
        (MqttProtocolVersion.V311, PubAckV311),
        (MqttProtocolVersion.V500, PubAckRejectedV5),
        (MqttProtocolVersion.V311, PubRel),
        (MqttProtocolVersion.V311, SubAckV311),
        (MqttProtocolVersion.V500, SubAckV5),
        (MqttProtocolVersion.V311, UnsubAckV311),
        (MqttProtocolVersion.V500, UnsubAckV5),
        (MqttProtocolVersion.V311, PingResp),
        (MqttProtocolVersion.V500, DisconnectV5),
    ];

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
