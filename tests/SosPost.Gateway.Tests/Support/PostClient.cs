using System.Collections.Concurrent;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// An SOS post on the broker: connects with its own user (the ACL limits it to its topics), publishes
/// alarms and collects the alarm states the gateway sends it.
/// </summary>
public sealed class PostClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<AlarmStateMessage> _states = new();

    private PostClient(MqttClient client) => Client = client;

    public MqttClient Client { get; }

    public IReadOnlyList<AlarmStateMessage> States => [.. _states];

    /// <summary>Runs on each state as it arrives, before it is listed in <see cref="States"/>.</summary>
    public Action<AlarmStateMessage>? OnState { get; set; }

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
        var post = new PostClient(client);
        client.MessageReceived = (message, ct) =>
        {
            if (PayloadCodec.TryDecodeAlarmState(message.Payload.ToArray(), out var state, out _))
            {
                post.OnState?.Invoke(state!);
                post._states.Enqueue(state!);
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync();
        await client.SubscribeAsync(Topics.AlarmState(postId), MqttQos.AtLeastOnce);
        return post;
    }

    public Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain);

    public bool HasState(long alarmId, AlarmState state) => _states.Any(s => s.AlarmId == alarmId && s.State == state);

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
