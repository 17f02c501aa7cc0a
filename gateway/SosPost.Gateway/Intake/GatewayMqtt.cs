using Microsoft.Extensions.Options;
using SosPost.Mqtt;

namespace SosPost.Gateway.Intake;

/// <summary>The gateway's one broker connection: intake reads from it, the notifier publishes on it.</summary>
/// <remarks>
/// Settings are read on first use, not in the constructor: the host builds hosted services before it
/// validates options, and a constructor reading them would report one bad section instead of all of them.
/// </remarks>
public sealed class GatewayMqtt(IOptions<MqttOptions> options, TimeProvider time, ILogger<MqttClient> clientLogger) : IAsyncDisposable
{
    private readonly Lazy<MqttClient> _client = new(() => Create(options.Value, time, clientLogger));

    public MqttClient Client => _client.Value;

    /// <summary>host:port, for logs.</summary>
    public string Endpoint => $"{options.Value.Host}:{options.Value.Port}{(options.Value.Tls ? " (TLS)" : string.Empty)}";

    public bool IsConnected => _client.IsValueCreated && _client.Value.IsConnected;

    public ValueTask DisposeAsync() => _client.IsValueCreated ? _client.Value.DisposeAsync() : ValueTask.CompletedTask;

    private static MqttClient Create(MqttOptions settings, TimeProvider time, ILogger<MqttClient> clientLogger) =>
        new(
            new MqttClientOptions
            {
                Host = settings.Host,
                Port = settings.Port,
                ClientId = settings.ClientId,
                UserName = settings.UserName,
                Password = settings.Password,
                ProtocolVersion = settings.ProtocolVersion,
                KeepAlive = settings.KeepAlive,

                // Our Receive Maximum: how many messages the broker hands intake before their PUBACKs, which wait
                // for the store's group flush. A larger window lets one flush serve more messages, and a flush that
                // fails (a full disk) hold back hundreds of re-sends before the broker stops and queues them.
                MaxInFlight = 256,
                CleanSession = false, // the broker keeps our subscriptions and queues alarms while we reconnect
                AutoReconnect = true,
                TimeProvider = time,
                Tls = settings.Tls ? new MqttTlsOptions { CaCertificate = settings.LoadCa(), TargetHost = settings.TlsServerName } : null,
            },
            clientLogger);
}
