using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace SosPost.Mqtt.Packets;

/// <summary>Reads the fields of one packet body; every read is bounds-checked and fails with <see cref="MqttDecodeException"/>.</summary>
internal ref struct MqttBodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    public MqttBodyReader(ReadOnlySpan<byte> body)
    {
        _body = body;
    }

    public readonly int Remaining => _body.Length - _position;

    public byte ReadByte(string field) => Take(1, field)[0];

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

    /// <summary>Variable byte integer: at most 4 bytes (MQTT 5 section 1.5.5).</summary>
    public int ReadVariableInt(string field)
    {
        var value = 0;
        for (var shift = 0; shift < 28; shift += 7)
        {
            var b = ReadByte(field);
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new MqttDecodeException($"malformed {field}: variable byte integer longer than 4 bytes");
    }

    public ReadOnlySpan<byte> ReadBinary(string field) => Take(ReadUInt16(field), field);

    /// <summary>UTF-8 string with a 2-byte length; ill-formed UTF-8 and U+0000 are errors (MQTT-1.5.3-1, -2).</summary>
    public string ReadString(string field)
    {
        var bytes = ReadBinary(field);
        if (!Utf8.IsValid(bytes))
        {
            throw new MqttDecodeException($"{field} is not valid UTF-8");
        }

        if (bytes.Contains((byte)0))
        {
            throw new MqttDecodeException($"{field} contains U+0000");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _body[_position..];
        _position = _body.Length;
        return rest;
    }

    public ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining)
        {
            throw new MqttDecodeException($"truncated {field}: needs {count} bytes, {Remaining} left");
        }

        var span = _body.Slice(_position, count);
        _position += count;
        return span;
    }

    public readonly void ExpectEnd(string packet)
    {
        if (Remaining != 0)
        {
            throw new MqttDecodeException($"{packet} has {Remaining} unexpected bytes at its end");
        }
    }
}
