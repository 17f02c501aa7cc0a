using System.Threading.Channels;
using SosPost.Gateway.Alarms;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Gateway.Intake;

/// <summary>
/// Publishes alarm states to posts from a queue. Intake runs inside the MQTT client's receive path,
/// which must not wait for our own PUBACK; the queue also keeps an HTTP acknowledge from waiting on a
/// broker outage. A lost <c>received</c> is repaired by the post re-sending its alarm; a lost
/// <c>dispatched</c> by intake announcing it again when the post says it is online.
/// </summary>
public sealed class MqttPostNotifier(GatewayMqtt mqtt, ILogger<MqttPostNotifier> logger) : BackgroundService, IPostNotifier
{
    private readonly Channel<Notice> _queue = Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleReader = true });

    public void AlarmStateChanged(string postId, long alarmId, AlarmState state, DateTimeOffset at)
    {
        var message = new AlarmStateMessage { AlarmId = alarmId, State = state, At = at.UtcDateTime };
        _queue.Writer.TryWrite(new Notice(postId, message));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await PublishAsync(notice, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(Notice notice, CancellationToken stoppingToken)
    {
        var message = notice.Message;
        try
        {
            await mqtt.Client.PublishAsync(Topics.AlarmState(notice.PostId), PayloadCodec.Encode(message), MqttQos.AtLeastOnce, retain: false, stoppingToken);
            logger.LogDebug("Told post {PostId} alarm {AlarmId} is {AlarmState}", notice.PostId, message.AlarmId, message.State);
        }
        catch (MqttException ex)
        {
            logger.LogWarning(
                "Could not tell post {PostId} alarm {AlarmId} is {AlarmState}: {Reason}; the post asks again by re-sending the alarm",
                notice.PostId, message.AlarmId, message.State, ex.Message);
        }
    }

    private sealed record Notice(string PostId, AlarmStateMessage Message);
}
