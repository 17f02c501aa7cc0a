using System.Buffers.Binary;

namespace SosPost.Mqtt.Packets;

/// <summary>Encodes the packets a client sends. Each method returns one complete packet; strings are checked by the caller.</summary>
internal static class MqttPacketWriter
{
    private const byte SessionExpiryInterval = 0x11;
    private const byte ReceiveMaximum = 0x21;
    private const byte MaximumPacketSize = 0x27;

    public static byte[] PingReq { get; } = [0xC0, 0x00];

    /// <summary>Reason 0 (normal disconnection) is encoded as an empty body in both versions.</summary>
    public static byte[] Disconnect { get; } = [0xE0, 0x00];

    public static byte[] Connect(MqttClientOptions options) => Connect(options, options.LastWill);

    /// <summary>CONNECT with <paramref name="will"/> as the last will (the client's latest, see <see cref="MqttClient.SetLastWill"/>).</summary>
    public static byte[] Connect(MqttClientOptions options, MqttLastWill? will)
    {
        var v5 = options.ProtocolVersion == MqttProtocolVersion.V500;
        var clientId = MqttWire.StrictUtf8.GetBytes(options.ClientId);
        var userName = options.UserName is null ? null : MqttWire.StrictUtf8.GetBytes(options.UserName);
        var password = options.Password is null ? null : MqttWire.StrictUtf8.GetBytes(options.Password);
        var willTopic = will is null ? null : MqttWire.StrictUtf8.GetBytes(will.Topic);
        var sendSessionExpiry = v5 && !options.CleanSession;

        var propertiesLength = sendSessionExpiry ? 5 : 0;
        propertiesLength += 3 + 5; // receive maximum, maximum packet size
        var length = 2 + 4 + 1 + 1 + 2; // "MQTT", level, flags, keep alive
        length += v5 ? MqttWire.VariableIntSize(propertiesLength) + propertiesLength : 0;
        length += 2 + clientId.Length;
        length += will is null ? 0 : (v5 ? 1 : 0) + 2 + willTopic!.Length + 2 + will.Payload.Length;
        length += userName is null ? 0 : 2 + userName.Length;
        length += password is null ? 0 : 2 + password.Length;

        var flags = options.CleanSession ? 0x02 : 0x00;
        if (will is not null)
        {
            flags |= 0x04 | ((int)will.Qos << 3) | (will.Retain ? 0x20 : 0);
        }

        flags |= password is null ? 0 : 0x40;
        flags |= userName is null ? 0 : 0x80;

        var w = new SpanWriter(0x10, length);
        w.Binary("MQTT"u8);
        w.Byte((byte)options.ProtocolVersion);
        w.Byte((byte)flags);
        w.UInt16(options.KeepAliveSeconds);
        if (v5)
        {
            w.VariableInt(propertiesLength);
            if (sendSessionExpiry)
            {
                w.Byte(SessionExpiryInterval);
                w.UInt32((uint)options.SessionExpiry.TotalSeconds);
            }

            // Inbound QoS 1 messages are acknowledged after the handler ran; this bounds how many wait for it.
            w.Byte(ReceiveMaximum);
            w.UInt16((ushort)options.MaxInFlight);
            w.Byte(MaximumPacketSize);
            w.UInt32((uint)options.MaxPacketSize);
        }

        w.Binary(clientId);
        if (will is not null)
        {
            if (v5)
            {
                w.VariableInt(0);
            }

            w.Binary(willTopic);
            w.Binary(will.Payload);
        }

        if (userName is not null)
        {
            w.Binary(userName);
        }

        if (password is not null)
        {
            w.Binary(password);
        }

        return w.Complete();
    }

    public static byte[] Publish(MqttProtocolVersion version, string topic, ReadOnlySpan<byte> payload, int qos, bool retain, ushort packetId)
    {
        var topicBytes = MqttWire.StrictUtf8.GetBytes(topic);
        var v5 = version == MqttProtocolVersion.V500;
        var length = 2 + topicBytes.Length + (qos > 0 ? 2 : 0) + (v5 ? 1 : 0) + payload.Length;
        if (length > MqttWire.MaxRemainingLength)
        {
            throw new ArgumentException($"The payload of {payload.Length} bytes is too large for one MQTT packet.", nameof(payload));
        }

        var w = new SpanWriter((byte)(0x30 | (qos << 1) | (retain ? 1 : 0)), length);
        w.Binary(topicBytes);
        if (qos > 0)
        {
            w.UInt16(packetId);
        }

        if (v5)
        {
            w.VariableInt(0);
        }

        w.Raw(payload);
        return w.Complete();
    }

    /// <summary>Marks an encoded PUBLISH as a possible re-delivery.</summary>
    public static void SetDup(byte[] publish) => publish[0] |= 0x08;

    /// <summary>PUBACK, PUBREC or PUBCOMP with success: just the packet identifier, valid in both versions.</summary>
    public static byte[] Ack(MqttPacketType type, ushort packetId)
    {
        var w = new SpanWriter((byte)((int)type << 4), 2);
        w.UInt16(packetId);
        return w.Complete();
    }

    public static byte[] Subscribe(MqttProtocolVersion version, ushort packetId, string topicFilter, MqttQos qos)
    {
        var filter = MqttWire.StrictUtf8.GetBytes(topicFilter);
        var v5 = version == MqttProtocolVersion.V500;
        var w = new SpanWriter(0x82, 2 + (v5 ? 1 : 0) + 2 + filter.Length + 1);
        w.UInt16(packetId);
        if (v5)
        {
            w.VariableInt(0);
        }

        w.Binary(filter);
        w.Byte((byte)qos);
        return w.Complete();
    }

    public static byte[] Unsubscribe(MqttProtocolVersion version, ushort packetId, string topicFilter)
    {
        var filter = MqttWire.StrictUtf8.GetBytes(topicFilter);
        var v5 = version == MqttProtocolVersion.V500;
        var w = new SpanWriter(0xA2, 2 + (v5 ? 1 : 0) + 2 + filter.Length);
        w.UInt16(packetId);
        if (v5)
        {
            w.VariableInt(0);
        }

        w.Binary(filter);
        return w.Complete();
    }

    /// <summary>Writes a fixed header for a known body length, then the body fields in order.</summary>
    private ref struct SpanWriter
    {
        private readonly byte[] _buffer;
        private int _position;

        public SpanWriter(byte firstByte, int remainingLength)
        {
            _buffer = new byte[1 + MqttWire.VariableIntSize(remainingLength) + remainingLength];
            Byte(firstByte);
            VariableInt(remainingLength);
        }

        public void Byte(byte value) => _buffer[_position++] = value;

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
            _position += 2;
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
            _position += 4;
        }

        public void VariableInt(int value)
        {
            do
            {
                var b = (byte)(value & 0x7F);
                value >>= 7;
                Byte(value > 0 ? (byte)(b | 0x80) : b);
            }
            while (value > 0);
        }

        public void Binary(ReadOnlySpan<byte> value)
        {
            UInt16((ushort)value.Length);
            Raw(value);
        }

        public void Raw(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_buffer.AsSpan(_position));
            _position += value.Length;
        }

        public readonly byte[] Complete() =>
            _position == _buffer.Length ? _buffer : throw new InvalidOperationException($"Packet length mismatch: wrote {_position} of {_buffer.Length} bytes.");
    }
}
