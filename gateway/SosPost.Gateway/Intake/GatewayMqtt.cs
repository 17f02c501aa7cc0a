using Microsoft.Extensions.Options;
using SosPost.Mqtt;

namespace SosPost.Gateway.Intake;

/// <summary>The gateway's one broker connection: intake reads from it, the notifier publishes on it.</summary>
public sealed class GatewayMqtt : IAsyncDisposable
{
    public GatewayMqtt(IOptions<MqttOptions> options, TimeProvider time, ILogger<MqttClient> clientLogger)
    {
        var settings = options.Value;
        Client = new MqttClient(
            new MqttClientOptions
            {
                Host = settings.Host,
                Port = settings.Port,
                ClientId = settings.ClientId,
                UserName = settings.UserName,
                Password = settings.Password,
                ProtocolVersion = settings.ProtocolVersion,
                KeepAlive = settings.KeepAlive,
                CleanSession = false, // the broker keeps our subscriptions and queues alarms while we reconnect
                AutoReconnect = true,
                TimeProvider = time,
            },
            clientLogger);
        Endpoint = $"{settings.Host}:{settings.Port}";
    }

    public MqttClient Client { get; }

    /// <summary>host:port, for logs.</summary>
    public string Endpoint { get; }

    public bool IsConnected => Client.IsConnected;

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
