using System.Collections.Concurrent;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// An SOS post on the broker: connects with its own user (the ACL limits it to its topics), publishes
/// alarms and reports, and collects the alarm states, event acknowledgements and commands the gateway sends it.
/// </summary>
public sealed class PostClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<AlarmStateMessage> _states = new();
    private readonly ConcurrentQueue<EventAckMessage> _eventAcks = new();
    private readonly ConcurrentQueue<CommandMessage> _commands = new();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _received = new();

    private readonly string _postId;

    private PostClient(MqttClient client, string postId)
    {
        Client = client;
        _postId = postId;
    }

    public MqttClient Client { get; }

    public IReadOnlyList<AlarmStateMessage> States => [.. _states];

    public IReadOnlyList<EventAckMessage> EventAcks => [.. _eventAcks];

    public IReadOnlyList<CommandMessage> Commands => [.. _commands];

    /// <summary>Every gateway message as it arrived, signature included.</summary>
    public IReadOnlyList<(string Topic, byte[] Payload)> Received => [.. _received];

    /// <summary>Runs on each state as it arrives, before it is listed in <see cref="States"/>.</summary>
    public Action<AlarmStateMessage>? OnState { get; set; }

    /// <summary>Runs on each event acknowledgement as it arrives, before it is listed in <see cref="EventAcks"/>.</summary>
    public Action<EventAckMessage>? OnEventAck { get; set; }

    public static async Task<PostClient> ConnectAsync(MosquittoBroker broker, string postId, string password)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = postId,
            UserName = postId,
            Password = password,
        });
        var post = new PostClient(client, postId);
        client.MessageReceived = (message, ct) =>
        {
            var kind = Topics.TryParse(message.Topic, out _, out var parsed) ? parsed : TopicKind.None;
            var payload = message.Payload.ToArray();
            post._received.Enqueue((message.Topic, payload));
            if (kind == TopicKind.AlarmState && PayloadCodec.TryDecodeAlarmState(payload, out var state, out _))
            {
                post.OnState?.Invoke(state!);
                post._states.Enqueue(state!);
            }
            else if (kind == TopicKind.EventAck && PayloadCodec.TryDecodeEventAck(payload, out var ack, out _))
            {
                post.OnEventAck?.Invoke(ack!);
                post._eventAcks.Enqueue(ack!);
            }
            else if (kind == TopicKind.Command && PayloadCodec.TryDecodeCommand(payload, out var command, out _))
            {
                post._commands.Enqueue(command!);
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync();
        await client.SubscribeAsync(Topics.AlarmState(postId), MqttQos.AtLeastOnce);
        await client.SubscribeAsync(Topics.EventAck(postId), MqttQos.AtLeastOnce);
        await client.SubscribeAsync(Topics.Command(postId), MqttQos.AtLeastOnce);
        return post;
    }

    /// <summary>Publishes <paramref name="payload"/> signed as the post signs (its key, a fresh counter).</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishAsync(topic, TestKeys.Sign(_postId, topic, payload), MqttQos.AtLeastOnce, retain);

    /// <summary>Publishes exactly these bytes: unsigned, forged or replayed.</summary>
    public Task PublishRawAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain);

    public bool HasState(long alarmId, AlarmState state) => _states.Any(s => s.AlarmId == alarmId && s.State == state);

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
