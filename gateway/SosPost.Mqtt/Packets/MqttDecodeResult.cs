namespace SosPost.Mqtt.Packets;

internal enum MqttDecodeStatus
{
    /// <summary>A whole packet was decoded; <see cref="MqttDecodeResult.Consumed"/> bytes belong to it.</summary>
    Packet,

    /// <summary>The bytes so far are a valid start; more are needed.</summary>
    Incomplete,

    /// <summary>The bytes cannot be a valid packet: the connection must be closed.</summary>
    Error,
}

/// <summary>Outcome of one decode step. FrameLength is the whole packet's size once its header is known, else 0.</summary>
internal readonly record struct MqttDecodeResult(MqttDecodeStatus Status, MqttPacket? Packet, int Consumed, int FrameLength, string? Error)
{
    public static MqttDecodeResult Decoded(MqttPacket packet, int consumed) => new(MqttDecodeStatus.Packet, packet, consumed, consumed, null);

    public static MqttDecodeResult NeedMore(int frameLength) => new(MqttDecodeStatus.Incomplete, null, 0, frameLength, null);

    public static MqttDecodeResult Failed(string error) => new(MqttDecodeStatus.Error, null, 0, 0, error);
}

/// <summary>Thrown inside the reader only; <see cref="MqttPacketReader.Decode"/> turns it into an error result.</summary>
internal sealed class MqttDecodeException(string message) : Exception(message);
