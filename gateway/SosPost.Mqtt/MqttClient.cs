using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>
/// Managed MQTT 3.1.1 / 5.0 client that keeps itself connected: it reconnects with backoff, re-subscribes, and
/// re-sends QoS 1 publishes the broker has not acknowledged. Outgoing QoS 1 publishes are bounded by an in-flight
/// window; incoming messages are handed to <see cref="MessageReceived"/> one at a time, in order.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private static readonly AsyncLocal<MqttClient?> HandlerOf = new();

    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private readonly InFlightWindow _window;
    private readonly PacketIds _packetIds = new();
    private readonly Dictionary<ushort, OutgoingPublish> _publishes = [];
    private readonly Dictionary<ushort, PendingAck> _acks = [];
    private readonly Dictionary<string, MqttQos> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _deliveryLoop;
    private ClientState _state;
    private MqttConnection? _connection;
    private TaskCompletionSource _stateChanged = NewSignal();
    private CancellationTokenSource? _session;
    private Task? _reconnectLoop;
    private long _publishSequence;
    private MqttLastWill? _lastWill;

    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null)
    {
        options.Validate();
        _options = options;
        _lastWill = options.LastWill;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
        _window = new InFlightWindow(options.MaxInFlight);
        _deliveryLoop = Task.Run(DeliverLoopAsync);
    }

    /// <summary>
    /// Called for each incoming message, one at a time. A QoS 1 message is acknowledged only after this completes,
    /// so a gateway can store it first. If it throws, the error is logged and the message acknowledged anyway: a
    /// poison message must not wedge the session.
    /// </summary>
    public Func<MqttMessage, CancellationToken, Task>? MessageReceived { get; set; }

    /// <summary>Raised with true on every (re)connection and with false when the connection is lost or closed.</summary>
#pragma warning disable MA0046 // the agreed API: gateway and simulator code already subscribe with Action<bool>
    public event Action<bool>? ConnectionChanged;
#pragma warning restore MA0046

    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>
    /// The last will of the connections made from now on (the current one keeps the will it registered). A post signs
    /// a fresh will for each connection, so a will the broker once published is never registered again.
    /// </summary>
    public void SetLastWill(MqttLastWill will)
    {
        ArgumentNullException.ThrowIfNull(will);
        MqttTopic.ValidateTopicName(will.Topic, nameof(will));
        if (will.Payload.Length > ushort.MaxValue)
        {
            throw new ArgumentException("The will's payload must be at most 65535 bytes.", nameof(will));
        }

        Volatile.Write(ref _lastWill, will);
    }

    internal int InFlightCount => _window.InFlight;

    internal int WaitingForWindowCount => _window.Waiting;

    /// <summary>
    /// Makes the first connection. Throws <see cref="MqttConnectException"/> if the broker refuses or cannot be reached;
    /// after a success the client reconnects by itself when <see cref="MqttClientOptions.AutoReconnect"/> is on.
    /// </summary>
    public async Task ConnectAsync(CancellationToken ct = default)
    {
        CancellationToken session;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
            if (_state != ClientState.Idle)
            {
                session = CancellationToken.None;
            }
            else
            {
                _session = new CancellationTokenSource();
                session = _session.Token;
                SetState(ClientState.Connecting);
            }
        }

        if (!session.CanBeCanceled)
        {
            await WaitForConnectionAsync(ct);
            return;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, session);
            await ConnectOnceAsync(linked.Token);
        }
        catch
        {
            CancellationTokenSource? failed = null;
            lock (_sync)
            {
                if (_state == ClientState.Connecting)
                {
                    SetState(ClientState.Idle);
                    failed = _session;
                    _session = null;
                }
            }

            failed?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// QoS 0 completes when written and throws <see cref="MqttNotConnectedException"/> without a connection.
    /// QoS 1 waits for a slot in the in-flight window, then completes on PUBACK; across a lost connection the message
    /// is kept and re-sent after reconnecting. An MQTT 5 failure reason throws <see cref="MqttPublishRejectedException"/>.
    /// </summary>
    public async Task PublishAsync(
        string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false, CancellationToken ct = default)
    {
        MqttTopic.ValidateTopicName(topic, nameof(topic));
        ValidateQos(qos);
        if (qos == MqttQos.AtMostOnce)
        {
            await PublishAtMostOnceAsync(topic, payload, retain, ct);
            return;
        }

        await _window.AcquireAsync(ct);
        OutgoingPublish publish;
        MqttConnection? connection;
        try
        {
            (publish, connection) = AddOutgoingPublish(topic, payload, retain);
        }
        catch
        {
            _window.Release();
            throw;
        }

        try
        {
            if (connection is not null)
            {
                // A failed write fails the connection; the publish stays and is re-sent after reconnecting.
                await TrySendAsync(connection, publish.Packet, ct);
            }

            await publish.Completion.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Forget(publish);
            throw;
        }
    }

    /// <summary>
    /// Subscribes and remembers the filter: it is subscribed again after every reconnect. Waits for a connection while
    /// reconnecting. Throws <see cref="MqttSubscribeRejectedException"/> if the broker does not grant it.
    /// Shared subscriptions ($share/group/filter) are passed through as they are.
    /// </summary>
    public async Task SubscribeAsync(string topicFilter, MqttQos qos, CancellationToken ct = default)
    {
        MqttTopic.ValidateTopicFilter(topicFilter, nameof(topicFilter));
        ValidateQos(qos);
        var codes = await RequestAckAsync(
            topicFilter,
            id => MqttPacketWriter.Subscribe(_options.ProtocolVersion, id, topicFilter, qos),
            () => _subscriptions[topicFilter] = qos,
            ct);
        if (codes[0] >= MqttReasonCodes.UnspecifiedError)
        {
            lock (_sync)
            {
                _subscriptions.Remove(topicFilter);
            }

            throw new MqttSubscribeRejectedException(topicFilter, codes[0]);
        }
    }

    public async Task UnsubscribeAsync(string topicFilter, CancellationToken ct = default)
    {
        MqttTopic.ValidateTopicFilter(topicFilter, nameof(topicFilter));
        var codes = await RequestAckAsync(
            topicFilter,
            id => MqttPacketWriter.Unsubscribe(_options.ProtocolVersion, id, topicFilter),
            () => _subscriptions.Remove(topicFilter),
            ct);
        if (codes is [>= MqttReasonCodes.UnspecifiedError, ..])
        {
            _logger.LogWarning(
                "The broker refused to unsubscribe from {TopicFilter}: {Reason} ({Code})", topicFilter, MqttReasonCodes.Describe(codes[0]), codes[0]);
        }
    }

    /// <summary>
    /// Sends DISCONNECT (so the broker does not publish the last will), closes the connection and stops reconnecting.
    /// QoS 1 publishes still waiting for PUBACK fail with <see cref="MqttNotConnectedException"/>.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        MqttConnection? connection;
        CancellationTokenSource? session;
        Task? reconnectLoop;
        List<OutgoingPublish> publishes;
        List<PendingAck> acks;
        lock (_sync)
        {
            if (_state is ClientState.Idle or ClientState.Disposed)
            {
                return;
            }

            connection = _connection;
            _connection = null;
            session = _session;
            _session = null;
            reconnectLoop = _reconnectLoop;
            _reconnectLoop = null;
            SetState(ClientState.Idle);
            publishes = TakeAllPublishes();
            acks = TakeAllAcks();
        }

        if (session is not null)
        {
            await session.CancelAsync();
        }

        FailAll(publishes, acks, "The client was disconnected before the broker acknowledged the message.");
        if (connection is not null)
        {
            try
            {
                await connection.WriteAsync(MqttPacketWriter.Disconnect, ct).WaitAsync(_options.ConnectTimeout, _time, ct);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or TimeoutException)
            {
                _logger.LogDebug("DISCONNECT could not be sent: {Reason}", e.Message);
            }

            connection.Fail("disconnected by the client");
            _logger.LogInformation("Disconnected from MQTT broker {Host}:{Port}", _options.Host, _options.Port);
        }

        if (reconnectLoop is not null)
        {
            await reconnectLoop;
        }

        session?.Dispose();
        if (connection is not null)
        {
            RaiseConnectionChanged(false);
        }
    }

    /// <summary>Disconnects cleanly (bounded by the connect timeout) and stops delivering messages.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_state == ClientState.Disposed)
            {
                return;
            }
        }

        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time))
        {
            await DisconnectAsync(timeout.Token);
        }

        lock (_sync)
        {
            SetState(ClientState.Disposed);
        }

        _deliveries.Writer.TryComplete();
        await _disposed.CancelAsync();

        // A handler that disposes its own client must not wait for itself.
        if (HandlerOf.Value != this)
        {
            await _deliveryLoop;
        }
    }

    /// <summary>Drops the TCP connection without DISCONNECT, as a crash or a cut cable would (the broker sends the will).</summary>
    internal void AbortConnection()
    {
        MqttConnection? connection;
        lock (_sync)
        {
            connection = _connection;
        }

        connection?.Fail("connection aborted on purpose");
    }
}
