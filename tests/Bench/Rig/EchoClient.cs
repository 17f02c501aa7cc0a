using SosPost.Mqtt;

namespace SosPost.Bench.Rig;

/// <summary>
/// The raw broker baseline's other end: hears bench/{id}/ping and answers on bench/{id}/pong at once, with the same
/// client library and protocol version as the gateway but no storage, so a ping's round trip is what the broker and
/// the client library alone cost.
/// </summary>
internal sealed class EchoClient : IAsyncDisposable
{
    private readonly MqttClient _client;

    public EchoClient(BenchBroker broker, string password)
    {
        _client = new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = BenchBroker.EchoUser,
            UserName = BenchBroker.EchoUser,
            Password = password,
            ProtocolVersion = MqttProtocolVersion.V500,
        });
        _client.MessageReceived = OnMessageAsync;
    }

    public async Task StartAsync()
    {
        await _client.ConnectAsync();
        await _client.SubscribeAsync("bench/+/ping", MqttQos.AtLeastOnce);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private Task OnMessageAsync(MqttMessage message, CancellationToken ct)
    {
        // Not awaited: the answer's PUBACK must not hold up the next ping (the client bounds what is in flight).
        var pong = string.Concat(message.Topic.AsSpan(0, message.Topic.Length - "ping".Length), "pong");
        _ = _client.PublishAsync(pong, message.Payload, MqttQos.AtLeastOnce, ct: ct).ContinueWith(
            t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return Task.CompletedTask;
    }
}
