namespace SosPost.Mqtt.Packets;

/// <summary>The MQTT 5 properties the client acts on; all others are read past by their declared type.</summary>
internal sealed class MqttProperties
{
    public ushort? ReceiveMaximum { get; private set; }

    public ushort? ServerKeepAlive { get; private set; }

    public uint? MaximumPacketSize { get; private set; }

    public ushort? TopicAlias { get; private set; }

    public string? ReasonString { get; private set; }

    /// <summary>Reads a property length and that many bytes of properties (MQTT 5 section 2.2.2).</summary>
    public static MqttProperties Read(ref MqttBodyReader reader, string packet)
    {
        var length = reader.ReadVariableInt($"{packet} property length");
        var properties = new MqttProperties();
        var inner = new MqttBodyReader(reader.Take(length, $"{packet} properties"));
        while (inner.Remaining > 0)
        {
            properties.ReadOne(ref inner, packet);
        }

        return properties;
    }

    private void ReadOne(ref MqttBodyReader reader, string packet)
    {
        // Identifiers are variable byte integers, but every defined one is below 128: a longer one is unknown anyway.
        var id = reader.ReadByte($"{packet} property identifier");
        var field = $"{packet} property 0x{id:X2}";
        switch (id)
        {
            case 0x21:
                ReceiveMaximum = reader.ReadUInt16(field);
                if (ReceiveMaximum == 0)
                {
                    throw new MqttDecodeException($"{packet} has Receive Maximum 0, which is a protocol error");
                }

                break;
            case 0x13:
                ServerKeepAlive = reader.ReadUInt16(field);
                break;
            case 0x27:
                MaximumPacketSize = reader.ReadUInt32(field);
                if (MaximumPacketSize == 0)
                {
                    throw new MqttDecodeException($"{packet} has Maximum Packet Size 0, which is a protocol error");
                }

                break;
            case 0x23:
                TopicAlias = reader.ReadUInt16(field);
                break;
            case 0x1F:
                ReasonString = reader.ReadString(field);
                break;
            case 0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A:
                reader.ReadByte(field);
                break;
            case 0x22:
                reader.ReadUInt16(field);
                break;
            case 0x02 or 0x11 or 0x18:
                reader.ReadUInt32(field);
                break;
            case 0x0B:
                reader.ReadVariableInt(field);
                break;
            case 0x03 or 0x08 or 0x12 or 0x15 or 0x1A or 0x1C:
                reader.ReadString(field);
                break;
            case 0x09 or 0x16:
                reader.ReadBinary(field);
                break;
            case 0x26:
                reader.ReadString(field + " name");
                reader.ReadString(field + " value");
                break;
            default:
                throw new MqttDecodeException($"{packet} has unknown property identifier 0x{id:X2}");
        }
    }
}
