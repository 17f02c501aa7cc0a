using System.Collections.Concurrent;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

/// <summary>
/// <see cref="MqttMessage.AcknowledgeWhen"/>: the handler lets go of a message at once, its PUBACK waits until the
/// message is safely taken (the gateway's group flush), and PUBACKs still leave in the order the messages came.
/// </summary>
public sealed class AcknowledgeWhenTests(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly FakeMqttServer _server = new();
    private readonly List<MqttClient> _clients = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deferred_messages_are_acknowledged_when_taken_and_in_the_order_they_came()
    {
        var taken = new ConcurrentDictionary<ushort, TaskCompletionSource>();
        var handled = new ConcurrentQueue<ushort>();
        var (client, connection) = await ConnectAsync(message =>
        {
            var id = (ushort)message.Payload.Span[0];
            handled.Enqueue(id);
            if (id is 1 or 2)
            {
                message.AcknowledgeWhen(taken.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task);
            }
        });

        foreach (ushort id in new ushort[] { 1, 2, 3 })
        {
            await connection.SendAsync(PublishQos1(id));
        }

        // All three reach the handler although the first two are not taken yet.
        await Eventually.WaitUntilAsync(() => handled.Count == 3, TimeSpan.FromSeconds(10), "every message is handed over", Ct);

        // The second is taken first; still nothing may be acknowledged before the first.
        taken[2].SetResult();
        taken[1].SetResult();

        Assert.Equal(1, (await connection.ExpectAsync(4)).PacketId);
        Assert.Equal(2, (await connection.ExpectAsync(4)).PacketId);
        Assert.Equal(3, (await connection.ExpectAsync(4)).PacketId);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task A_message_whose_taking_failed_is_acknowledged_anyway_and_one_whose_taking_was_cancelled_is_not()
    {
        var (_, connection) = await ConnectAsync(message =>
        {
            switch (message.Payload.Span[0])
            {
                case 1:
                    message.AcknowledgeWhen(Task.FromCanceled(new CancellationToken(canceled: true)));
                    break;
                case 2:
                    message.AcknowledgeWhen(Task.FromException(new IOException("disk full")));
                    break;
            }
        });

        foreach (ushort id in new ushort[] { 1, 2, 3 })
        {
            await connection.SendAsync(PublishQos1(id));
        }

        // Acknowledgements keep arrival order, so the first one seen being 2 means 1 was never sent.
        Assert.Equal(2, (await connection.ExpectAsync(4)).PacketId);
        Assert.Equal(3, (await connection.ExpectAsync(4)).PacketId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    // PUBLISH QoS 1 (MQTT 3.1.1) on topic "a/b" with the packet id, and the id again as the one-byte payload.
    private static byte[] PublishQos1(ushort id) => [0x32, 0x08, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', (byte)(id >> 8), (byte)id, (byte)id];

    private async Task<(MqttClient Client, FakeConnection Connection)> ConnectAsync(Action<MqttMessage> handle)
    {
        var client = new MqttClient(_server.Options(), new RecordingLogger<MqttClient>(output.WriteLine))
        {
            MessageReceived = (message, _) =>
            {
                handle(message);
                return Task.CompletedTask;
            },
        };
        _clients.Add(client);
        var connecting = client.ConnectAsync(Ct);
        var connection = await _server.AcceptSessionAsync();
        await connecting.Within();
        return (client, connection);
    }
}
