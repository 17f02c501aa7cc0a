using System.Data.Common;
using System.Threading.Channels;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Security;
using SosPost.Gateway.Storage;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Gateway.Intake;

/// <summary>
/// Publishes the gateway's messages to posts from a queue. Intake runs inside the MQTT client's receive
/// path, which must not wait for our own PUBACK; the queue also keeps an HTTP request from waiting on a
/// broker outage. A lost <c>received</c> or event acknowledgement is repaired by the post re-sending;
/// a lost <c>dispatched</c> by intake announcing it again when the post says it is online.
/// A notice waits until what it announces is on disk (<see cref="GroupCommit"/>): a post deletes an alarm from
/// its flash once told "received". Each is signed when it is sent (<see cref="ReplySigner"/>): a post obeys only
/// what a gateway signed with its key, under a counter it has not taken.
/// </summary>
public sealed class MqttPostNotifier(GatewayMqtt mqtt, GroupCommit groupCommit, ReplySigner signer, ILogger<MqttPostNotifier> logger) : BackgroundService, IPostNotifier
{
    private readonly Channel<Notice> _queue = Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleReader = true });

    public void AlarmStateChanged(string postId, long alarmId, AlarmState state, DateTimeOffset at)
    {
        var message = new AlarmStateMessage { AlarmId = alarmId, State = state, At = at.UtcDateTime };
        Enqueue(postId, Topics.AlarmState(postId), PayloadCodec.Encode(message), $"alarm {alarmId} is {state}", "the post asks again by re-sending the alarm");
    }

    public void EventStored(string postId, long eventId) =>
        Enqueue(postId, Topics.EventAck(postId), PayloadCodec.Encode(new EventAckMessage { EventId = eventId }), $"event {eventId} is stored", "the post asks again by re-sending the event");

    public void SendCommand(string postId, CommandMessage command) =>
        Enqueue(postId, Topics.Command(postId), PayloadCodec.Encode(command), $"command {command.Command} {command.Id}", "send the command again");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (await IsDurableAsync(notice, stoppingToken))
                {
                    await PublishAsync(notice, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Enqueue(string postId, string topic, byte[] payload, string what, string repair) =>
        _queue.Writer.TryWrite(new Notice(postId, topic, payload, what, repair, groupCommit.WhenDurable()));

    private async Task<bool> IsDurableAsync(Notice notice, CancellationToken stoppingToken)
    {
        try
        {
            await notice.Durable.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Did not tell post {PostId}: {Notice}: the store stopped before it was on disk; {Repair}", notice.PostId, notice.What, notice.Repair);
            return false;
        }
    }

    private async Task PublishAsync(Notice notice, CancellationToken stoppingToken)
    {
        try
        {
            var signed = await signer.SignAsync(notice.PostId, notice.Topic, notice.Payload, stoppingToken);
            await mqtt.Client.PublishAsync(notice.Topic, signed, MqttQos.AtLeastOnce, retain: false, stoppingToken);
            logger.LogDebug("Told post {PostId}: {Notice}", notice.PostId, notice.What);
        }
        catch (MqttException ex)
        {
            logger.LogWarning("Could not tell post {PostId}: {Notice}: {Reason}; {Repair}", notice.PostId, notice.What, ex.Message, notice.Repair);
        }
        catch (DbException ex)
        {
            // No counter, no signature: the post would refuse the message anyway.
            logger.LogWarning("Could not tell post {PostId}: {Notice}: no reply counter from the store ({Reason}); {Repair}", notice.PostId, notice.What, ex.Message, notice.Repair);
        }
    }

    private sealed record Notice(string PostId, string Topic, byte[] Payload, string What, string Repair, Task Durable);
}
