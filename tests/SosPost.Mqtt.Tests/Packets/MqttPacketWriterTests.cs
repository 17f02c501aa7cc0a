using System.Text;
using SosPost.Mqtt.Packets;
using static SosPost.Mqtt.Tests.Packets.PacketSamples;

namespace SosPost.Mqtt.Tests.Packets;

public sealed class MqttPacketWriterTests
{
    [Fact]
    public void Connect_311_with_will_user_and_password_matches_the_specification_layout()
    {
        var options = new MqttClientOptions
        {
            Host = "localhost",
            ClientId = "p1",
            UserName = "u",
            Password = "pw",
            KeepAlive = TimeSpan.FromSeconds(30),
            LastWill = new MqttLastWill("s", [0x01], MqttQos.AtLeastOnce, Retain: true),
        };

        var packet = MqttPacketWriter.Connect(options);

        // flags: user 0x80 | password 0x40 | will retain 0x20 | will QoS 1 0x08 | will 0x04 | clean 0x02 = 0xEE
        Assert.Equal(Hex("10 1B 0004 4D515454 04 EE 001E 0002 7031 0001 73 0001 01 0001 75 0002 7077"), packet);
    }

    [Fact]
    public void Connect_5_sends_session_expiry_receive_maximum_and_maximum_packet_size()
    {
        var options = new MqttClientOptions
        {
            Host = "localhost",
            ClientId = "p1",
            ProtocolVersion = MqttProtocolVersion.V500,
            CleanSession = false,
            SessionExpiry = TimeSpan.FromHours(1),
            MaxInFlight = 10,
            MaxPacketSize = 2048,
            KeepAlive = TimeSpan.FromSeconds(1.5),
        };

        var packet = MqttPacketWriter.Connect(options);

        // Properties (13 bytes): Session Expiry 3600, Receive Maximum 10, Maximum Packet Size 2048. Keepalive rounds up to 2 s.
        Assert.Equal(Hex("10 1C 0004 4D515454 05 00 0002 0D 11 00000E10 21 000A 27 00000800 0002 7031"), packet);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Publish_decodes_back_to_the_same_message(MqttProtocolVersion version)
    {
        var payload = Encoding.UTF8.GetBytes("{\"alarm\":\"pressed\"} ✓");

        var packet = MqttPacketWriter.Publish(version, "sos/v1/p1/alarm", payload, 1, retain: true, packetId: 300);
        var decoded = Assert.IsType<PublishPacket>(new MqttPacketReader(version, 4096).Decode(packet).Packet);

        Assert.Equal(("sos/v1/p1/alarm", 1, true, false, (ushort)300), (decoded.Topic, decoded.Qos, decoded.Retain, decoded.Dup, decoded.PacketId));
        Assert.Equal(payload, decoded.Payload.ToArray());
    }

    [Fact]
    public void A_large_payload_gets_a_four_byte_remaining_length_and_round_trips()
    {
        var payload = new byte[2_200_000];
        new Random(5).NextBytes(payload);

        var packet = MqttPacketWriter.Publish(MqttProtocolVersion.V311, "t", payload, 0, retain: false, packetId: 0);
        var decoded = Assert.IsType<PublishPacket>(new MqttPacketReader(MqttProtocolVersion.V311, 3_000_000).Decode(packet).Packet);

        Assert.Equal(1 + 4 + 3 + payload.Length, packet.Length);
        Assert.Equal(payload, decoded.Payload.ToArray());
    }

    [Fact]
    public void SetDup_marks_a_publish_as_a_redelivery()
    {
        var packet = MqttPacketWriter.Publish(MqttProtocolVersion.V311, "t", "x"u8, 1, retain: false, packetId: 1);

        MqttPacketWriter.SetDup(packet);

        Assert.True(Assert.IsType<PublishPacket>(new MqttPacketReader(MqttProtocolVersion.V311, 100).Decode(packet).Packet).Dup);
    }

    [Fact]
    public void Subscribe_unsubscribe_and_acks_have_the_specified_bytes()
    {
        Assert.Equal(Hex("82 08 0001 0003 612F23 01"), MqttPacketWriter.Subscribe(MqttProtocolVersion.V311, 1, "a/#", MqttQos.AtLeastOnce));
        Assert.Equal(Hex("82 09 0001 00 0003 612F23 00"), MqttPacketWriter.Subscribe(MqttProtocolVersion.V500, 1, "a/#", MqttQos.AtMostOnce));
        Assert.Equal(Hex("A2 07 0002 0003 612F23"), MqttPacketWriter.Unsubscribe(MqttProtocolVersion.V311, 2, "a/#"));
        Assert.Equal(Hex("A2 08 0002 00 0003 612F23"), MqttPacketWriter.Unsubscribe(MqttProtocolVersion.V500, 2, "a/#"));
        Assert.Equal(Hex("40 02 0102"), MqttPacketWriter.Ack(MqttPacketType.PubAck, 0x0102));
        Assert.Equal(Hex("70 02 0009"), MqttPacketWriter.Ack(MqttPacketType.PubComp, 9));
        Assert.Equal(Hex("C0 00"), MqttPacketWriter.PingReq);
        Assert.Equal(Hex("E0 00"), MqttPacketWriter.Disconnect);
    }
}
