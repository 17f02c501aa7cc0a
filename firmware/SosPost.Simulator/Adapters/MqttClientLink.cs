using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Mqtt;

namespace SosPost.Simulator.Adapters;

/// <summary>
/// <see cref="IMqttLink"/> over SosPost.Mqtt's client. The core's calls return at once: publishes and
/// subscriptions run in the background (their failures are logged; the core's own resend covers a lost
/// alarm), incoming messages wait in a bounded queue for the tick thread. Until the first connection this
/// adapter tries the post's logins in order (<see cref="BrokerLogin.Plan"/>: the client certificate over mutual
/// TLS, the password only as a configured fallback), each round with capped backoff; the client that got in then
/// reconnects by itself with the same login (a post, which builds a client per attempt, tries its certificate first
/// again after every drop).
/// </summary>
internal sealed class MqttClientLink : IMqttLink, IAsyncDisposable
{
    private const int MaxQueuedIncoming = 256;
    private const int MaxOutstandingPublishes = 32;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly BrokerLogin[] _logins;
    private readonly MqttTlsOptions? _tls;
    private readonly X509Certificate2? _clientCertificate;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _incoming = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile MqttClient? _client;
    private Task? _connecting;
    private string _willTopic = string.Empty;
    private byte[] _willPayload = [];
    private int _outstanding;

    public MqttClientLink(string host, int port, ILoggerFactory loggers, MqttTlsOptions? tls = null)
        : this([new BrokerLogin(host, port, certificate: false)], loggers, tls, null)
    {
    }

    /// <param name="logins">Tried in order on each round; at least one.</param>
    /// <param name="loggers">For this link's and its clients' logs.</param>
    /// <param name="tls">TLS with the broker's CA; null for plain MQTT.</param>
    /// <param name="clientCertificate">The post's certificate with its key, for the certificate login.</param>
    public MqttClientLink(BrokerLogin[] logins, ILoggerFactory loggers, MqttTlsOptions? tls, X509Certificate2? clientCertificate)
    {
        if (logins.Length == 0)
        {
            throw new ArgumentException("A post needs at least one way to log in.", nameof(logins));
        }

        _logins = logins;
        _tls = tls;
        _clientCertificate = clientCertificate;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MqttClientLink>();
    }

    public bool IsConnected => _client?.IsConnected ?? false;

    public void Open(string clientId, string userName, string password, string willTopic, byte[] willPayload)
    {
        if (_connecting is not null)
        {
            throw new InvalidOperationException("The link is already open.");
        }

        _willTopic = willTopic;
        _willPayload = willPayload;
        _connecting = ConnectUntilConnectedAsync(clientId, userName, password, _stopping.Token);
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

    private async Task ConnectUntilConnectedAsync(string clientId, string userName, string password, CancellationToken ct)
    {
        var delay = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            for (var i = 0; i < _logins.Length && !ct.IsCancellationRequested; i++)
            {
                if (await TryConnectAsync(_logins[i], clientId, userName, password, delay, ct))
                {
                    if (i > 0)
                    {
                        _logger.LogWarning(
                            "Post {PostId} logged in with its {Login} (passwordFallback): its {Failed} failed", clientId, _logins[i].Describe(), _logins[0].Describe());
                    }

                    return;
                }
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

    private async Task<bool> TryConnectAsync(BrokerLogin login, string clientId, string userName, string password, TimeSpan delay, CancellationToken ct)
    {
        // The certificate login presents the certificate and no password (the broker takes the certificate's CN as
        // the user name); a password login never carries the certificate.
        var client = new MqttClient(
            new MqttClientOptions
            {
                Host = login.Host,
                Port = login.Port,
                Tls = login.Certificate
                    ? new MqttTlsOptions { CaCertificate = _tls?.CaCertificate, TargetHost = _tls?.TargetHost, ClientCertificate = _clientCertificate }
                    : _tls,
                ClientId = clientId,
                UserName = login.Certificate ? null : userName,
                Password = login.Certificate ? null : password,
                CleanSession = false,
                LastWill = new MqttLastWill(_willTopic, _willPayload, MqttQos.AtLeastOnce, Retain: true),
            },
            _loggers.CreateLogger<MqttClient>());
        client.MessageReceived = OnMessageAsync;
        try
        {
            await client.ConnectAsync(ct);
            _client = client;
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is MqttException or IOException or TimeoutException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            _logger.LogWarning("Post {PostId} cannot log in with its {Login} ({Reason}); retrying in {Delay}", clientId, login.Describe(), e.Message, delay);
        }
        catch (Exception e)
        {
            // Not a known network fault: still keep trying, a post never gives up on its broker.
            _logger.LogError(e, "Post {PostId} failed to log in with its {Login}; retrying in {Delay}", clientId, login.Describe(), delay);
        }

        await client.DisposeAsync();
        return false;
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
