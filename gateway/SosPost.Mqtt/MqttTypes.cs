namespace SosPost.Mqtt;

/// <summary>MQTT protocol level sent in CONNECT.</summary>
public enum MqttProtocolVersion
{
    V311 = 4,
    V500 = 5,
}

/// <summary>Quality of service this client publishes and subscribes with (QoS 2 is not used by SosPost).</summary>
public enum MqttQos
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
}

/// <summary>Message the broker publishes for this client when its connection ends without a clean DISCONNECT.</summary>
public sealed record MqttLastWill(string Topic, byte[] Payload, MqttQos Qos = MqttQos.AtLeastOnce, bool Retain = true);

/// <summary>A message delivered to <see cref="MqttClient.MessageReceived"/>. An incoming QoS 2 message is reported as QoS 1.</summary>
public sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain)
{
    internal Task? TakenWhen { get; private set; }

    /// <summary>
    /// Lets the handler finish before the message is safely taken: the next message is handed over as soon as the
    /// handler returns, and this one's acknowledgement waits for <paramref name="taken"/> (a store's group commit,
    /// say). Acknowledgements still go out in the order the messages came. If <paramref name="taken"/> fails, the
    /// message is acknowledged anyway, as when a handler throws; if it is cancelled, it is not, and the broker sends
    /// it again on the next connection.
    /// </summary>
    public void AcknowledgeWhen(Task taken) => TakenWhen = taken;
}
