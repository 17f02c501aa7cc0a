namespace SosPost.Mqtt.Packets;

/// <summary>
/// Decodes packets a server sends to a client from raw bytes. It never throws on bad input and never loops on it:
/// each call returns one packet, "need more bytes", or an error that names what is wrong.
/// </summary>
internal sealed class MqttPacketReader(MqttProtocolVersion version, int maxPacketSize)
{
    private bool IsV5 => version == MqttProtocolVersion.V500;

    /// <summary>Decodes the first packet in <paramref name="buffer"/>; bytes after it are left for the next call.</summary>
    public MqttDecodeResult Decode(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return MqttDecodeResult.NeedMore(0);
        }

        var type = (MqttPacketType)(buffer[0] >> 4);
        var flags = buffer[0] & 0x0F;
        var headerError = CheckTypeAndFlags(type, flags);
        if (headerError is not null)
        {
            return MqttDecodeResult.Failed(headerError);
        }

        var remainingLength = 0;
        var position = 1;
        for (var shift = 0; ; shift += 7)
        {
            if (shift == 28)
            {
                return MqttDecodeResult.Failed("malformed remaining length: more than 4 bytes");
            }

            if (position >= buffer.Length)
            {
                return MqttDecodeResult.NeedMore(0);
            }

            var b = buffer[position++];
            remainingLength |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        var frameLength = position + remainingLength;
        if (frameLength > maxPacketSize)
        {
            return MqttDecodeResult.Failed($"{type} packet of {frameLength} bytes exceeds the maximum packet size of {maxPacketSize} bytes");
        }

        if (buffer.Length < frameLength)
        {
            return MqttDecodeResult.NeedMore(frameLength);
        }

        try
        {
            var body = new MqttBodyReader(buffer.Slice(position, remainingLength));
            return MqttDecodeResult.Decoded(DecodeBody(type, flags, ref body), frameLength);
        }
        catch (MqttDecodeException e)
        {
            return MqttDecodeResult.Failed($"malformed {type} packet: {e.Message}");
        }
    }

    private string? CheckTypeAndFlags(MqttPacketType type, int flags)
    {
        switch (type)
        {
            case MqttPacketType.Reserved:
                return "packet type 0 is reserved";
            case MqttPacketType.Connect or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe or MqttPacketType.PingReq:
                return $"{type} is sent by clients only, never by a server";
            case MqttPacketType.Auth:
                return IsV5 ? "AUTH (enhanced authentication) is not supported by this client" : "packet type 15 is reserved in MQTT 3.1.1";
            case MqttPacketType.Publish:
                var qos = (flags >> 1) & 0x03;
                if (qos == 3)
                {
                    return "PUBLISH with QoS 3 is malformed";
                }

                return qos == 0 && (flags & 0x08) != 0 ? "PUBLISH with QoS 0 must not have the DUP flag" : null;
            case MqttPacketType.PubRel:
                return flags == 0x02 ? null : $"PUBREL must have flags 0010, got {flags:B4}";
            default:
                return flags == 0 ? null : $"{type} must have flags 0000, got {flags:B4}";
        }
    }

    private MqttPacket DecodeBody(MqttPacketType type, int flags, ref MqttBodyReader body) => type switch
    {
        MqttPacketType.ConnAck => DecodeConnAck(ref body),
        MqttPacketType.Publish => DecodePublish(flags, ref body),
        MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp => DecodeAck(type, ref body),
        MqttPacketType.SubAck => DecodeSubAck(ref body),
        MqttPacketType.UnsubAck => DecodeUnsubAck(ref body),
        MqttPacketType.PingResp => DecodePingResp(ref body),
        MqttPacketType.Disconnect => DecodeDisconnect(ref body),
        _ => throw new MqttDecodeException($"unexpected packet type {type}"),
    };

    private ConnAckPacket DecodeConnAck(ref MqttBodyReader body)
    {
        var ackFlags = body.ReadByte("CONNACK flags");
        if ((ackFlags & 0xFE) != 0)
        {
            throw new MqttDecodeException("reserved CONNACK flag bits are set");
        }

        var code = body.ReadByte("CONNACK return code");
        var properties = IsV5 ? MqttProperties.Read(ref body, "CONNACK") : null;
        body.ExpectEnd("CONNACK");
        return new ConnAckPacket(
            (ackFlags & 0x01) != 0,
            code,
            properties?.ReceiveMaximum ?? ushort.MaxValue,
            properties?.ServerKeepAlive,
            properties?.MaximumPacketSize,
            properties?.ReasonString);
    }

    private PublishPacket DecodePublish(int flags, ref MqttBodyReader body)
    {
        var qos = (flags >> 1) & 0x03;
        var topic = body.ReadString("topic name");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttDecodeException($"topic name '{topic}' contains a wildcard");
        }

        ushort packetId = 0;
        if (qos > 0)
        {
            packetId = ReadPacketId(ref body);
        }

        if (IsV5)
        {
            // This client announces no Topic Alias Maximum, so a server must not use aliases.
            var properties = MqttProperties.Read(ref body, "PUBLISH");
            if (properties.TopicAlias is not null)
            {
                throw new MqttDecodeException("PUBLISH uses a topic alias, which this client did not allow");
            }
        }

        if (topic.Length == 0)
        {
            throw new MqttDecodeException("empty topic name");
        }

        var payload = body.ReadRest().ToArray();
        return new PublishPacket(topic, payload, qos, (flags & 0x01) != 0, (flags & 0x08) != 0, packetId);
    }

    private AckPacket DecodeAck(MqttPacketType type, ref MqttBodyReader body)
    {
        var packetId = ReadPacketId(ref body);
        byte code = 0;
        string? reason = null;
        if (IsV5 && body.Remaining > 0)
        {
            code = body.ReadByte($"{type} reason code");
            if (body.Remaining > 0)
            {
                reason = MqttProperties.Read(ref body, type.ToString()).ReasonString;
            }
        }

        body.ExpectEnd(type.ToString());
        return new AckPacket(type, packetId, code, reason);
    }

    private SubAckPacket DecodeSubAck(ref MqttBodyReader body)
    {
        var packetId = ReadPacketId(ref body);
        if (IsV5)
        {
            MqttProperties.Read(ref body, "SUBACK");
        }

        var codes = body.ReadRest().ToArray();
        if (codes.Length == 0)
        {
            throw new MqttDecodeException("SUBACK has no return codes");
        }

        foreach (var code in codes)
        {
            var valid = IsV5 ? code is <= 2 or >= 0x80 : code is <= 2 or 0x80;
            if (!valid)
            {
                throw new MqttDecodeException($"SUBACK has invalid return code 0x{code:X2}");
            }
        }

        return new SubAckPacket(packetId, codes);
    }

    private UnsubAckPacket DecodeUnsubAck(ref MqttBodyReader body)
    {
        var packetId = ReadPacketId(ref body);
        if (!IsV5)
        {
            body.ExpectEnd("UNSUBACK");
            return new UnsubAckPacket(packetId, []);
        }

        MqttProperties.Read(ref body, "UNSUBACK");
        var codes = body.ReadRest().ToArray();
        if (codes.Length == 0)
        {
            throw new MqttDecodeException("UNSUBACK has no reason codes");
        }

        return new UnsubAckPacket(packetId, codes);
    }

    private static PingRespPacket DecodePingResp(ref MqttBodyReader body)
    {
        body.ExpectEnd("PINGRESP");
        return PingRespPacket.Instance;
    }

    private DisconnectPacket DecodeDisconnect(ref MqttBodyReader body)
    {
        if (!IsV5 || body.Remaining == 0)
        {
            body.ExpectEnd("DISCONNECT");
            return new DisconnectPacket(MqttReasonCodes.Success);
        }

        var code = body.ReadByte("DISCONNECT reason code");
        var reason = body.Remaining > 0 ? MqttProperties.Read(ref body, "DISCONNECT").ReasonString : null;
        body.ExpectEnd("DISCONNECT");
        return new DisconnectPacket(code, reason);
    }

    private static ushort ReadPacketId(ref MqttBodyReader body)
    {
        var id = body.ReadUInt16("packet identifier");
        return id != 0 ? id : throw new MqttDecodeException("packet identifier 0 is not allowed");
    }
}
