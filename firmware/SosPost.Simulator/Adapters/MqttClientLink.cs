using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SosPost.Firmware.Core;
using SosPost.Mqtt;

namespace SosPost.Simulator.Adapters;

/// <summary>
/// <see cref="IMqttLink"/> over SosPost.Mqtt's client. The core's calls return at once: publishes and
/// subscriptions run in the background (their failures are logged; the core's own resend covers a lost
/// alarm), incoming messages wait in a bounded queue for the tick thread. The client reconnects by
/// itself once connected; before the first connection this adapter retries with capped backoff.
/// </summary>
internal sealed class MqttClientLink : IMqttLink, IAsyncDisposable
{
    private const int MaxQueuedIncoming = 256;
    private const int MaxOutstandingPublishes = 32;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly string _host;
    private readonly int _port;
    private readonly MqttTlsOptions? _tls;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _incoming = new();
    private readonly CancellationTokenSource _stopping = new();
    private MqttClient? _client;
    private Task? _connecting;
    private string _willTopic = string.Empty;
    private byte[] _willPayload = [];
    private int _outstanding;

    public MqttClientLink(string host, int port, ILoggerFactory loggers, MqttTlsOptions? tls = null)
    {
        _host = host;
        _port = port;
        _tls = tls;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MqttClientLink>();
    }

    public bool IsConnected => _client?.IsConnected ?? false;

    public void Open(string clientId, string userName, string password, string willTopic, byte[] willPayload)
    {
        if (_client is not null)
        {
            throw new InvalidOperationException("The link is already open.");
        }

        _willTopic = willTopic;
        _willPayload = willPayload;
        _client = new MqttClient(
            new MqttClientOptions
            {
                Host = _host,
                Port = _port,
                Tls = _tls,
                ClientId = clientId,
                UserName = userName,
                Password = password,
                CleanSession = false,
                LastWill = new MqttLastWill(willTopic, willPayload, MqttQos.AtLeastOnce, Retain: true),
            },
            _loggers.CreateLogger<MqttClient>());
        _client.MessageReceived = OnMessageAsync;
        _connecting = ConnectUntilConnectedAsync(_client, clientId, _stopping.Token);
    }

    public void SetWill(byte[] willPayload)
    {
        _willPayload = willPayload;
        _client?.SetLastWill(new MqttLastWill(_willTopic, willPayload, MqttQos.AtLeastOnce, Retain: true));
    }

    public bool Publish(string topic, byte[] payload, bool qos1, bool retain)
    {
        var client = _client;
        if (client is null || !client.IsConnected || Volatile.Read(ref _outstanding) >= MaxOutstandingPublishes)
        {
            return false;
        }

        Interlocked.Increment(ref _outstanding);
        _ = PublishInBackgroundAsync(client, topic, payload, qos1 ? MqttQos.AtLeastOnce : MqttQos.AtMostOnce, retain);
        return true;
    }

    public void Subscribe(string topic)
    {
        if (_client is { } client)
        {
            _ = SubscribeInBackgroundAsync(client, topic);
        }
    }

    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (_incoming.TryDequeue(out var message))
        {
            (topic, payload) = message;
            return true;
        }

        topic = string.Empty;
        payload = [];
        return false;
    }

    /// <summary>
    /// A simulator shutdown is not a power cut: announce "offline" (what the will would say), then
    /// disconnect cleanly.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_connecting is not null)
        {
            await _connecting;
        }

        if (_client is { } client)
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await client.PublishAsync(_willTopic, _willPayload, MqttQos.AtLeastOnce, retain: true, timeout.Token);
                }
                catch (Exception e) when (e is MqttException or OperationCanceledException)
                {
                    _logger.LogWarning("Offline status for {Topic} not confirmed at shutdown: {Reason}", _willTopic, e.Message);
                }
            }

            await client.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task ConnectUntilConnectedAsync(MqttClient client, string clientId, CancellationToken ct)
    {
        var delay = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await client.ConnectAsync(ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MqttException or IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                _logger.LogWarning("Post {PostId} cannot connect to {Host}:{Port} ({Reason}); retrying in {Delay}", clientId, _host, _port, e.Message, delay);
            }
            catch (Exception e)
            {
                // Not a known network fault: still keep trying, a post never gives up on its broker.
                _logger.LogError(e, "Post {PostId} failed to connect to {Host}:{Port}; retrying in {Delay}", clientId, _host, _port, delay);
            }

            try
            {
                await Task.Delay(delay, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 < MaxRetry ? delay * 2 : MaxRetry;
        }
    }

    private Task OnMessageAsync(MqttMessage message, CancellationToken ct)
    {
        if (_incoming.Count >= MaxQueuedIncoming)
        {
            _logger.LogWarning("Incoming queue full: message on {Topic} dropped", message.Topic);
        }
        else
        {
            _incoming.Enqueue((message.Topic, message.Payload.ToArray()));
        }

        return Task.CompletedTask;
    }

    private async Task PublishInBackgroundAsync(MqttClient client, string topic, byte[] payload, MqttQos qos, bool retain)
    {
        try
        {
            await client.PublishAsync(topic, payload, qos, retain, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e) when (e is MqttException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogWarning("Publish to {Topic} failed: {Reason}", topic, e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private async Task SubscribeInBackgroundAsync(MqttClient client, string topic)
    {
        try
        {
            await client.SubscribeAsync(topic, MqttQos.AtLeastOnce, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e) when (e is MqttException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogWarning("Subscribe to {Topic} failed: {Reason}", topic, e.Message);
        }
    }
}
