namespace SosPost.Firmware.Core;

/// <summary>
/// The post's connection to the broker. The adapter owns the socket: it connects after
/// <see cref="Open"/>, reconnects by itself with the same parameters (the will as last given to
/// <see cref="SetWill"/>), and queues incoming messages for <see cref="TryReceive"/>. No member blocks.
/// </summary>
public interface IMqttLink
{
    bool IsConnected { get; }

    /// <summary>
    /// Starts connecting (once; later reconnections reuse these values) with a persistent session
    /// (clean session off) and the will published at QoS 1, retained.
    /// </summary>
    void Open(string clientId, string userName, string password, string willTopic, byte[] willPayload);

    /// <summary>
    /// The will payload for the connections made from now on (same topic, QoS and retain as given to <see cref="Open"/>).
    /// The core gives a freshly signed one on every connection, so no two connections register the same will.
    /// </summary>
    void SetWill(byte[] willPayload);

    /// <summary>Queues a message; false when it was not accepted (not connected, queue full).</summary>
    bool Publish(string topic, byte[] payload, bool qos1, bool retain);

    /// <summary>Subscribes at QoS 1 on the current connection.</summary>
    void Subscribe(string topic);

    /// <summary>
    /// Takes the oldest queued incoming message; false (topic "", empty payload) when none is queued.
    /// Called every tick: the empty case should not allocate (return a shared empty array).
    /// </summary>
    bool TryReceive(out string topic, out byte[] payload);
}
