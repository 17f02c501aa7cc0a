using Microsoft.Extensions.Logging;
using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>
/// Incoming messages go through one queue to the handler, in order. The reader never waits for the handler, so a
/// handler that itself publishes with QoS 1 still gets its PUBACKs. QoS 1 and 2 inflow stays bounded: the broker
/// sends no more unacknowledged messages than its in-flight limit (our Receive Maximum in MQTT 5).
/// </summary>
public sealed partial class MqttClient
{
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
        }

        if (packet.Qos > 0)
        {
            var ackType = packet.Qos == 1 ? MqttPacketType.PubAck : MqttPacketType.PubRec;
            await TrySendAsync(delivery.Connection, MqttPacketWriter.Ack(ackType, packet.PacketId));
        }
    }
}
