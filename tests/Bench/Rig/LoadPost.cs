using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Bench.Rig;

/// <summary>
/// A post for the alarm benchmarks: its own broker user, the post's topics, real protocol payloads. It keeps each
/// alarm and re-sends it every 5 s until the gateway says "received", as the firmware's outbox does, each copy
/// signed with the next counter; it also
/// answers the raw round-trip baseline on bench/{id}/pong.
/// </summary>
internal sealed class LoadPost : IAsyncDisposable
{
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(5);

    private readonly MqttClient _client;
    private readonly Func<AlarmLedger> _ledger;
    private readonly Action<string, long>? _onPong;
    private readonly PostSigner _signer;
    private long _nextAlarmId;
    private long _resends;

    public LoadPost(string id, string password, byte[] masterKey, BenchBroker broker, Func<AlarmLedger> ledger, Action<string, long>? onPong)
    {
        _signer = new PostSigner(masterKey, id);
        Id = id;
        _ledger = ledger;
        _onPong = onPong;
        _client = new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = id,
            UserName = id,
            Password = password,
            CleanSession = false,
            KeepAlive = TimeSpan.FromSeconds(60),
        });
        _client.MessageReceived = OnMessageAsync;
    }

    public string Id { get; }

    public long Resends => Interlocked.Read(ref _resends);

    public async Task ConnectAsync()
    {
        await _client.ConnectAsync();
        await _client.SubscribeAsync(Topics.AlarmState(Id), MqttQos.AtLeastOnce);
        await _client.SubscribeAsync($"bench/{Id}/pong", MqttQos.AtLeastOnce);
    }

    /// <summary>Presses the button: sends the alarm now and keeps re-sending it until "received" or <paramref name="stop"/>.</summary>
    public void Press(int sequence, long scheduledTimestamp, CancellationToken stop)
    {
        var alarmId = Interlocked.Increment(ref _nextAlarmId);
        var payload = PayloadCodec.Encode(new AlarmMessage
        {
            AlarmId = alarmId,
            UptimeMs = Environment.TickCount64 + sequence,
            PressedAt = DateTime.UtcNow,
        });
        var ledger = _ledger();
        ledger.Pressed(sequence, Id, alarmId, scheduledTimestamp);
        _ = SendUntilReceivedAsync(ledger, sequence, payload, stop);
    }

    /// <summary>One QoS 1 message for the baseline: the echo client sends it back on bench/{id}/pong.</summary>
    public Task PingAsync(byte[] payload) => _client.PublishAsync($"bench/{Id}/ping", payload, MqttQos.AtLeastOnce);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task SendUntilReceivedAsync(AlarmLedger ledger, int sequence, byte[] payload, CancellationToken stop)
    {
        var topic = Topics.Alarm(Id);
        try
        {
            while (!ledger.IsAcknowledged(sequence))
            {
                await _client.PublishAsync(topic, _signer.Sign(topic, payload), MqttQos.AtLeastOnce, ct: stop);
                try
                {
                    await ledger.Done(sequence).WaitAsync(ResendInterval, stop);
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref _resends);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
        catch (MqttException)
        {
            // Counted as never acknowledged.
        }
    }

    private Task OnMessageAsync(MqttMessage message, CancellationToken ct)
    {
        if (message.Topic.EndsWith("/pong", StringComparison.Ordinal))
        {
            _onPong?.Invoke(Id, BitConverter.ToInt64(message.Payload.Span));
        }
        else if (PayloadCodec.TryDecodeAlarmState(message.Payload.ToArray(), out var state, out _))
        {
            _ledger().Acknowledged(Id, state!.AlarmId);
        }

        return Task.CompletedTask;
    }
}
