using Microsoft.Extensions.Logging;
using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>Bookkeeping behind the public operations: pending publishes and acknowledgements, waiting for a connection, state.</summary>
public sealed partial class MqttClient
{
    private async Task PublishAtMostOnceAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken ct)
    {
        MqttConnection? connection;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
            connection = _connection;
        }

        if (connection is null)
        {
            throw new MqttNotConnectedException($"Not connected: the QoS 0 message to '{topic}' was not sent.");
        }

        var packet = MqttPacketWriter.Publish(_options.ProtocolVersion, topic, payload.Span, 0, retain, 0);
        CheckServerMaximumPacketSize(connection, topic, packet);
        if (!await TrySendAsync(connection, packet, ct))
        {
            throw new MqttNotConnectedException($"The connection was lost while sending the QoS 0 message to '{topic}'.");
        }
    }

    private (OutgoingPublish Publish, MqttConnection? Connection) AddOutgoingPublish(string topic, ReadOnlyMemory<byte> payload, bool retain)
    {
        ushort packetId;
        lock (_sync)
        {
            ThrowIfNoConnectionComing();
            packetId = _packetIds.Next();
        }

        try
        {
            var packet = MqttPacketWriter.Publish(_options.ProtocolVersion, topic, payload.Span, 1, retain, packetId);
            lock (_sync)
            {
                ThrowIfNoConnectionComing();
                if (_connection is not null)
                {
                    CheckServerMaximumPacketSize(_connection, topic, packet);
                }

                var publish = new OutgoingPublish(packetId, topic, packet, ++_publishSequence);
                _publishes.Add(packetId, publish);
                if (_connection is not null)
                {
                    publish.PrepareSend(_connection);
                }

                return (publish, _connection);
            }
        }
        catch
        {
            lock (_sync)
            {
                _packetIds.Free(packetId);
            }

            throw;
        }
    }

    /// <summary>Sends a SUBSCRIBE or UNSUBSCRIBE and waits for its acknowledgement, starting over if the connection is lost meanwhile.</summary>
    private async Task<byte[]> RequestAckAsync(string topicFilter, Func<ushort, byte[]> encode, Action remember, CancellationToken ct)
    {
        while (true)
        {
            var connection = await WaitForConnectionAsync(ct);
            PendingAck ack;
            ushort packetId;
            lock (_sync)
            {
                if (_connection != connection)
                {
                    continue; // lost in between: wait for the next one
                }

                remember();
                packetId = _packetIds.Next();
                ack = new PendingAck(topicFilter, isResubscribe: false);
                _acks.Add(packetId, ack);
            }

            try
            {
                await TrySendAsync(connection, encode(packetId), ct);
                return await ack.Completion.Task.WaitAsync(ct);
            }
            catch (MqttConnectionLostException)
            {
                // Try again on the next connection.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                lock (_sync)
                {
                    if (_acks.Remove(packetId))
                    {
                        _packetIds.Free(packetId);
                    }
                }

                throw;
            }
        }
    }

    private async Task<MqttConnection> WaitForConnectionAsync(CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
                if (_connection is not null)
                {
                    return _connection;
                }

                ThrowIfNoConnectionComing();
                changed = _stateChanged.Task;
            }

            await changed.WaitAsync(ct);
        }
    }

    private static void ValidateQos(MqttQos qos)
    {
        if (!Enum.IsDefined(qos))
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "Only QoS 0 and 1 are supported.");
        }
    }

    private void ThrowIfNoConnectionComing()
    {
        ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
        if (_state == ClientState.Idle)
        {
            throw new MqttNotConnectedException("The MQTT client is not connected: call ConnectAsync first (or it was disconnected).");
        }
    }

    private void CheckServerMaximumPacketSize(MqttConnection connection, string topic, byte[] packet)
    {
        // Sending it anyway would get us disconnected, and the re-send after reconnecting would loop forever.
        if (connection.ServerMaximumPacketSize is { } max && packet.Length > max)
        {
            throw new MqttPublishRejectedException(topic, MqttReasonCodes.PacketTooLarge, $"{packet.Length} bytes exceed the broker's maximum of {max}");
        }
    }

    /// <summary>Stops waiting for a publish the caller gave up on; the check by reference guards against a reused packet id.</summary>
    private void Forget(OutgoingPublish publish)
    {
        lock (_sync)
        {
            if (!_publishes.TryGetValue(publish.PacketId, out var current) || current != publish)
            {
                return;
            }

            _publishes.Remove(publish.PacketId);
            _packetIds.Free(publish.PacketId);
        }

        _window.Release();
    }

    private List<OutgoingPublish> TakeAllPublishes()
    {
        var all = _publishes.Values.ToList();
        foreach (var publish in all)
        {
            _packetIds.Free(publish.PacketId);
        }

        _publishes.Clear();
        return all;
    }

    private List<PendingAck> TakeAllAcks()
    {
        foreach (var id in _acks.Keys)
        {
            _packetIds.Free(id);
        }

        var all = _acks.Values.ToList();
        _acks.Clear();
        return all;
    }

    private void FailAll(List<OutgoingPublish> publishes, List<PendingAck> acks, string reason)
    {
        foreach (var publish in publishes)
        {
            _window.Release();
            publish.Completion.TrySetException(new MqttNotConnectedException(reason));
        }

        foreach (var ack in acks)
        {
            ack.Completion.TrySetException(new MqttConnectionLostException());
        }
    }

    private void SetState(ClientState state)
    {
        _state = state;
        var changed = _stateChanged;
        _stateChanged = NewSignal();
        changed.TrySetResult();
    }

    private void RaiseConnectionChanged(bool connected)
    {
        try
        {
            ConnectionChanged?.Invoke(connected);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A ConnectionChanged handler failed");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
