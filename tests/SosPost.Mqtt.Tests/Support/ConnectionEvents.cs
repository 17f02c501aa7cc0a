using System.Collections.Concurrent;

namespace SosPost.Mqtt.Tests.Support;

/// <summary>Records ConnectionChanged events in order.</summary>
public sealed class ConnectionEvents
{
    private readonly ConcurrentQueue<bool> _events = new();

    public ConnectionEvents(MqttClient client) => client.ConnectionChanged += _events.Enqueue;

    public IReadOnlyList<bool> All => [.. _events];

    public int Connects => _events.Count(e => e);

    public int Losses => _events.Count(e => !e);
}
