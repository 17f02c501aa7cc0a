using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>The life of each connection: open, renew the session, read, keep alive, notice the loss, reconnect.</summary>
public sealed partial class MqttClient
{
    private static readonly TimeSpan MinKeepAliveCheck = TimeSpan.FromMilliseconds(10);

    private async Task ConnectOnceAsync(CancellationToken ct)
    {
        await _connectLock.WaitAsync(ct);
        try
        {
            var (connection, connAck) = await MqttConnection.OpenAsync(_options, Volatile.Read(ref _lastWill), ct);
            if (connAck.ReasonCode != MqttReasonCodes.Success)
            {
                await connection.DisposeAsync();
                var reason = connAck.ReasonString is null ? string.Empty : $" ({connAck.ReasonString})";
                throw new MqttConnectException(
                    $"The MQTT broker at {_options.Host}:{_options.Port} refused the connection of '{_options.ClientId}': "
                    + $"{MqttReasonCodes.DescribeConnect(_options.ProtocolVersion, connAck.ReasonCode)} (code {connAck.ReasonCode}){reason}.",
                    connAck.ReasonCode);
            }

            var window = Math.Min(_options.MaxInFlight, (int)connAck.ReceiveMaximum);
            _window.SetLimit(window);
            var accepted = false;
            var resent = 0;
            var resubscribed = 0;
            try
            {
                // Under the write lock, so any publish that sees the new connection is written after the re-sends.
                await connection.WriteBatchAsync(() =>
                {
                    lock (_sync)
                    {
                        if (ct.IsCancellationRequested || _state is not (ClientState.Connecting or ClientState.Reconnecting))
                        {
                            return [];
                        }

                        accepted = true;
                        _connection = connection;
                        SetState(ClientState.Connected);
                        return RenewSession(connection, window, out resent, out resubscribed);
                    }
                });
            }
            catch (Exception e)
            {
                // Whatever went wrong, the reader below must still run, notice the failed connection and reconnect.
                if (!IsConnectionFault(e))
                {
                    _logger.LogError(e, "Unexpected error while renewing the MQTT session");
                }

                connection.Fail($"renewing the session failed: {e.Message}");
            }

            if (!accepted)
            {
                await connection.DisposeAsync();
                throw new OperationCanceledException(ct);
            }

            _logger.LogInformation(
                "Connected to MQTT broker {Host}:{Port} as {ClientId} (MQTT {Version}, session present: {SessionPresent}, "
                + "{Resubscribed} subscriptions renewed, {Resent} unacknowledged publishes re-sent)",
                _options.Host,
                _options.Port,
                _options.ClientId,
                _options.ProtocolVersion == MqttProtocolVersion.V500 ? "5.0" : "3.1.1",
                connAck.SessionPresent,
                resubscribed,
                resent);

            // Raised before the reader starts, so a connection lost at once still reports true before false.
            RaiseConnectionChanged(true);
            var keepAlive = connAck.ServerKeepAlive is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : _options.KeepAlive;
            _ = Task.Run(() => RunConnectionAsync(connection, keepAlive), CancellationToken.None);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>
    /// Packets that start a (re)connected session: every remembered subscription, then the unacknowledged publishes in
    /// order, no more than the window allows; the rest follow as acknowledgements come in (<see cref="TakeNextUnsent"/>).
    /// </summary>
    private List<byte[]> RenewSession(MqttConnection connection, int window, out int resent, out int resubscribed)
    {
        var packets = new List<byte[]>();
        foreach (var (filter, qos) in _subscriptions)
        {
            var packetId = _packetIds.Next();
            _acks.Add(packetId, new PendingAck(filter, isResubscribe: true));
            packets.Add(MqttPacketWriter.Subscribe(_options.ProtocolVersion, packetId, filter, qos));
        }

        resubscribed = packets.Count;
        foreach (var publish in _publishes.Values.OrderBy(p => p.Sequence).Take(window))
        {
            packets.Add(publish.PrepareSend(connection));
        }

        resent = packets.Count - resubscribed;
        return packets;
    }

    /// <summary>The oldest publish the current connection has not been given yet: left over when the server's window shrank.</summary>
    private byte[]? TakeNextUnsent(MqttConnection connection)
    {
        lock (_sync)
        {
            if (_connection != connection)
            {
                return null;
            }

            OutgoingPublish? next = null;
            foreach (var publish in _publishes.Values)
            {
                if (publish.Connection != connection && (next is null || publish.Sequence < next.Sequence))
                {
                    next = publish;
                }
            }

            return next?.PrepareSend(connection);
        }
    }

    private async Task RunConnectionAsync(MqttConnection connection, TimeSpan keepAlive)
    {
        var keepAliveLoop = KeepAliveLoopAsync(connection, keepAlive);
        string reason;
        try
        {
            reason = await ReadLoopAsync(connection);
        }
        catch (MqttProtocolException e)
        {
            reason = $"protocol error: {e.Message}";
        }
        catch (Exception e) when (IsConnectionFault(e))
        {
            reason = e.Message;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Unexpected error while reading from MQTT broker {Host}:{Port}", _options.Host, _options.Port);
            reason = $"unexpected error: {e.Message}";
        }

        connection.Fail(reason);
        await keepAliveLoop;
        await connection.DisposeAsync();
        OnConnectionLost(connection, connection.FailureReason ?? reason);
    }

    /// <summary>Reads and dispatches packets until the connection ends; returns why it ended when the broker closed it.</summary>
    private async Task<string> ReadLoopAsync(MqttConnection connection)
    {
        while (true)
        {
            var packet = await connection.ReadPacketAsync(connection.Lifetime);
            switch (packet)
            {
                case null:
                    return "the broker closed the connection";
                case DisconnectPacket disconnect:
                    var text = disconnect.ReasonString is null ? string.Empty : $": {disconnect.ReasonString}";
                    return $"the broker sent DISCONNECT, {MqttReasonCodes.Describe(disconnect.ReasonCode)} (0x{disconnect.ReasonCode:X2}){text}";
                case PublishPacket publish:
                    _deliveries.Writer.TryWrite(new Delivery(connection, publish));
                    break;
                case AckPacket { Type: MqttPacketType.PubAck } pubAck:
                    CompletePublish(pubAck);
                    if (TakeNextUnsent(connection) is { } next)
                    {
                        _ = TrySendAsync(connection, next);
                    }

                    break;
                case AckPacket { Type: MqttPacketType.PubRel } pubRel:
                    _ = TrySendAsync(connection, MqttPacketWriter.Ack(MqttPacketType.PubComp, pubRel.PacketId));
                    break;
                case AckPacket other:
                    _logger.LogWarning("Ignoring unexpected {PacketType} for packet {PacketId}: this client never publishes with QoS 2", other.Type, other.PacketId);
                    break;
                case SubAckPacket subAck:
                    CompleteAck(subAck.PacketId, subAck.ReasonCodes);
                    break;
                case UnsubAckPacket unsubAck:
                    CompleteAck(unsubAck.PacketId, unsubAck.ReasonCodes);
                    break;
                case PingRespPacket:
                    break;
                default:
                    throw new MqttProtocolException($"unexpected {packet.GetType().Name} after CONNACK");
            }
        }
    }

    private void CompletePublish(AckPacket pubAck)
    {
        OutgoingPublish? publish;
        lock (_sync)
        {
            if (_publishes.Remove(pubAck.PacketId, out publish))
            {
                _packetIds.Free(pubAck.PacketId);
            }
        }

        if (publish is null)
        {
            _logger.LogDebug("PUBACK for packet {PacketId}, which is not waiting (its publisher gave up)", pubAck.PacketId);
            return;
        }

        _window.Release();
        if (pubAck.ReasonCode >= MqttReasonCodes.UnspecifiedError)
        {
            publish.Completion.TrySetException(new MqttPublishRejectedException(publish.Topic, pubAck.ReasonCode, pubAck.ReasonString));
        }
        else
        {
            publish.Completion.TrySetResult();
        }
    }

    private void CompleteAck(ushort packetId, byte[] reasonCodes)
    {
        PendingAck? ack;
        lock (_sync)
        {
            if (_acks.Remove(packetId, out ack))
            {
                _packetIds.Free(packetId);
            }
        }

        if (ack is { IsResubscribe: true } && reasonCodes[0] >= MqttReasonCodes.UnspecifiedError)
        {
            _logger.LogError(
                "The broker refused to renew the subscription to {TopicFilter} after reconnecting: {Reason} ({Code})",
                ack.TopicFilter,
                MqttReasonCodes.Describe(reasonCodes[0]),
                reasonCodes[0]);
        }

        ack?.Completion.TrySetResult(reasonCodes);
    }

    /// <summary>Pings when the line is idle and fails the connection when a ping goes unanswered (see <see cref="KeepAlivePolicy"/>).</summary>
    private async Task KeepAliveLoopAsync(MqttConnection connection, TimeSpan keepAlive)
    {
        if (keepAlive <= TimeSpan.Zero)
        {
            return;
        }

        var pingTimeout = _options.PingTimeout ?? keepAlive / 2;
        long? pingSentAt = null;
        try
        {
            while (!connection.Lifetime.IsCancellationRequested)
            {
                var now = _time.GetTimestamp();
                var lastReceived = connection.LastReceived;
                if (pingSentAt is { } sent && lastReceived >= sent)
                {
                    pingSentAt = null;
                }

                var (action, nextCheck) = KeepAlivePolicy.Evaluate(
                    _time.GetElapsedTime(connection.LastSent, now),
                    _time.GetElapsedTime(lastReceived, now),
                    pingSentAt is { } at ? _time.GetElapsedTime(at, now) : null,
                    keepAlive,
                    pingTimeout);
                if (action == KeepAliveAction.ConnectionLost)
                {
                    connection.Fail($"no answer from the broker within {pingTimeout.TotalSeconds:0.###} s after PINGREQ");
                    return;
                }

                if (action == KeepAliveAction.SendPing)
                {
                    // Not awaited: a write stuck behind a dead socket must not stop the timeout from firing.
                    pingSentAt = now;
                    _ = TrySendAsync(connection, MqttPacketWriter.PingReq);
                }

                await Task.Delay(nextCheck > MinKeepAliveCheck ? nextCheck : MinKeepAliveCheck, _time, connection.Lifetime);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private void OnConnectionLost(MqttConnection connection, string reason)
    {
        List<OutgoingPublish> failedPublishes = [];
        List<PendingAck> acks;
        lock (_sync)
        {
            if (_connection != connection)
            {
                return; // closed on purpose by DisconnectAsync
            }

            _connection = null;
            acks = TakeAllAcks();
            if (_options.AutoReconnect)
            {
                SetState(ClientState.Reconnecting);
                var session = _session!.Token;
                _reconnectLoop = Task.Run(() => ReconnectLoopAsync(session), CancellationToken.None);
            }
            else
            {
                SetState(ClientState.Idle);
                failedPublishes = TakeAllPublishes();
            }
        }

        _logger.LogWarning(
            "Lost the connection to MQTT broker {Host}:{Port}: {Reason}{Next}",
            _options.Host,
            _options.Port,
            reason,
            _options.AutoReconnect ? "; reconnecting" : string.Empty);

        // Event first: whoever sees a publish fail must already find the client disconnected.
        RaiseConnectionChanged(false);
        FailAll(failedPublishes, acks, "The connection was lost before the broker acknowledged the message, and AutoReconnect is off.");
    }

    private async Task ReconnectLoopAsync(CancellationToken session)
    {
        var backoff = new Backoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.Delay(backoff.Next(), _time, session);
                await ConnectOnceAsync(session);
                return;
            }
            catch (OperationCanceledException) when (session.IsCancellationRequested)
            {
                return;
            }
            catch (MqttConnectException e)
            {
                _logger.LogWarning("Reconnect attempt {Attempt} failed: {Reason}", attempt, e.Message);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Unexpected error in reconnect attempt {Attempt}", attempt);
            }
        }
    }

    /// <summary>Writes a packet; a failure fails the connection (which then reconnects) and returns false.</summary>
    private static async Task<bool> TrySendAsync(MqttConnection connection, byte[] packet, CancellationToken ct = default)
    {
        try
        {
            await connection.WriteAsync(packet, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Whatever the cause, a half-done write leaves the stream unusable: start over on a new connection.
            connection.Fail($"write failed: {e.Message}");
            return false;
        }
    }

    private static bool IsConnectionFault(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or OperationCanceledException;
}
