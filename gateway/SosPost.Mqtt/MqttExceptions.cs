namespace SosPost.Mqtt;

/// <summary>Base of the exceptions this client throws on purpose.</summary>
public class MqttException : Exception
{
    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The broker refused the connection, or could not be reached in time.</summary>
public sealed class MqttConnectException : MqttException
{
    public MqttConnectException(string message, int? reasonCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>CONNACK return code (3.1.1) or reason code (5.0); null when no CONNACK refused us (unreachable, timeout).</summary>
    public int? ReasonCode { get; }
}

/// <summary>The operation needs a connection and none is coming: not connected yet, or disconnected on purpose.</summary>
public sealed class MqttNotConnectedException : MqttException
{
    public MqttNotConnectedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>An MQTT 5 broker answered a QoS 1 publish with a failure reason code (for example 135, not authorized).</summary>
public sealed class MqttPublishRejectedException : MqttException
{
    public MqttPublishRejectedException(string topic, int reasonCode, string? reasonString = null)
        : base($"The broker rejected the publish to '{topic}': {MqttReasonCodes.Describe(reasonCode)} ({reasonCode})"
               + (reasonString is null ? string.Empty : $": {reasonString}"))
    {
        Topic = topic;
        ReasonCode = reasonCode;
    }

    public string Topic { get; }

    public int ReasonCode { get; }
}

/// <summary>The broker did not grant a subscription (SUBACK 0x80 or an MQTT 5 failure reason).</summary>
public sealed class MqttSubscribeRejectedException : MqttException
{
    public MqttSubscribeRejectedException(string topicFilter, int reasonCode)
        : base($"The broker rejected the subscription to '{topicFilter}': {MqttReasonCodes.Describe(reasonCode)} ({reasonCode})")
    {
        TopicFilter = topicFilter;
        ReasonCode = reasonCode;
    }

    public string TopicFilter { get; }

    public int ReasonCode { get; }
}
