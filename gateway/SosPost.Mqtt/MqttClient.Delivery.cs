using Microsoft.Extensions.Logging;
using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>
/// Incoming messages go through one queue to the handler, in order. The reader never waits for the handler, so a
/// handler that itself publishes with QoS 1 still gets its PUBACKs. QoS 1 and 2 inflow stays bounded: the broker
/// sends no more unacknowledged messages than its in-flight limit (our Receive Maximum in MQTT 5), which also
/// bounds the acknowledgements a handler defers with <see cref="MqttMessage.AcknowledgeWhen"/>.
/// </summary>
public sealed partial class MqttClient
{
    // The last deferred acknowledgement: later ones are sent after it, so the broker gets them in order.
    private Task _acknowledged = Task.CompletedTask;

    private async Task DeliverLoopAsync()
    {
        HandlerOf.Value = this;
        try
        {
            await foreach (var delivery in _deliveries.Reader.ReadAllAsync(_disposed.Token))
            {
                await DeliverAsync(delivery);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // Disposed: messages still queued are not acknowledged, so a persistent session gets them again.
        }
    }

    private async Task DeliverAsync(Delivery delivery)
    {
        var packet = delivery.Packet;
        Task? takenWhen = null;
        if (MessageReceived is { } handler)
        {
            var message = new MqttMessage(packet.Topic, packet.Payload, packet.Qos == 0 ? MqttQos.AtMostOnce : MqttQos.AtLeastOnce, packet.Retain);
            try
            {
                await handler(message, _disposed.Token);
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                _logger.LogError(
                    e,
                    "The MQTT message handler failed for a message on {Topic}; it is acknowledged anyway so one bad message cannot block the session",
                    packet.Topic);
            }

            takenWhen = message.TakenWhen;
        }

        if (packet.Qos > 0)
        {
            var ack = MqttPacketWriter.Ack(packet.Qos == 1 ? MqttPacketType.PubAck : MqttPacketType.PubRec, packet.PacketId);
            if (takenWhen is null && _acknowledged.IsCompleted)
            {
                await TrySendAsync(delivery.Connection, ack);
            }
            else
            {
                _acknowledged = AcknowledgeInOrderAsync(_acknowledged, takenWhen ?? Task.CompletedTask, delivery.Connection, ack);
            }
        }
    }

    private async Task AcknowledgeInOrderAsync(Task previous, Task taken, MqttConnection connection, byte[] ack)
    {
        await previous;
        try
        {
            await taken.WaitAsync(_disposed.Token);
        }
        catch (OperationCanceledException)
        {
            return; // not taken: the broker sends it again on the next connection
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Taking an MQTT message failed after its handler returned; it is acknowledged anyway so one bad message cannot block the session");
        }

        await TrySendAsync(connection, ack);
    }
}
