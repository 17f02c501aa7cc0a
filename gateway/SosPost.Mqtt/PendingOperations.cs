using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>A QoS 1 publish waiting for its PUBACK. The encoded packet is kept so it can be re-sent unchanged but for DUP.</summary>
internal sealed class OutgoingPublish(ushort packetId, string topic, byte[] packet, long sequence)
{
    public ushort PacketId { get; } = packetId;

    public string Topic { get; } = topic;

    public byte[] Packet { get; } = packet;

    /// <summary>Order of the PublishAsync calls, so re-sends keep it.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Written to some connection at least once: a re-send carries DUP.</summary>
    public bool Sent { get; private set; }

    /// <summary>The connection it was last handed to; a publish not yet handed to the current one is still to send.</summary>
    public MqttConnection? Connection { get; private set; }

    /// <summary>Hands the packet to a connection, marking it DUP if an earlier connection already had it.</summary>
    public byte[] PrepareSend(MqttConnection connection)
    {
        if (Sent)
        {
            MqttPacketWriter.SetDup(Packet);
        }

        Sent = true;
        Connection = connection;
        return Packet;
    }

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A SUBSCRIBE or UNSUBSCRIBE waiting for its acknowledgement, which yields the reason codes.</summary>
internal sealed class PendingAck(string topicFilter, bool isResubscribe)
{
    public string TopicFilter { get; } = topicFilter;

    /// <summary>Sent by the client itself after a reconnect: nobody awaits it, so a rejection is logged.</summary>
    public bool IsResubscribe { get; } = isResubscribe;

    public TaskCompletionSource<byte[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An incoming publish queued for the message handler, with the connection its acknowledgement must go to.</summary>
internal sealed record Delivery(MqttConnection Connection, PublishPacket Packet);

/// <summary>The connection an operation was waiting on ended; the operation is retried on the next one.</summary>
internal sealed class MqttConnectionLostException() : Exception("The MQTT connection was lost before the broker answered.");

internal enum ClientState
{
    /// <summary>Never connected, or disconnected on purpose: operations that need a connection fail.</summary>
    Idle,
    Connecting,
    Connected,

    /// <summary>The connection was lost and the client is reconnecting: operations wait.</summary>
    Reconnecting,
    Disposed,
}
