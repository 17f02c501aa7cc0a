using BenchmarkDotNet.Attributes;
using SosPost.Bench.Rig;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Bench.Micro;

/// <summary>
/// The client's whole publish path against a real Mosquitto on loopback: QoS 0 (until written) and QoS 1 (until the
/// broker's PUBACK, so it includes one broker round trip).
/// </summary>
[MemoryDiagnoser]
public class MqttPublishBenchmarks
{
    private const string Topic = "sos/v1/BENCH-00001/alarm";
    private BenchBroker? _broker;
    private MqttClient? _client;
    private byte[] _payload = [];

    /// <summary>Synchronous on purpose: the in-process toolchain of BenchmarkDotNet 0.14 does not wait for an async set-up.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var directory = Directory.CreateTempSubdirectory("sospost-bench-micro-").FullName;
        _broker = await BenchBroker.StartAsync(directory, new Dictionary<string, string>(StringComparer.Ordinal) { ["gateway"] = "micro-benchmark-only" }, listeners: 1);
        _client = new MqttClient(new MqttClientOptions
        {
            Host = _broker.Host,
            Port = _broker.Port,
            ClientId = "micro",
            UserName = "gateway",
            Password = "micro-benchmark-only",
            ProtocolVersion = MqttProtocolVersion.V500,
        });
        await _client.ConnectAsync();
        _payload = PayloadCodec.Encode(new AlarmMessage { AlarmId = 4711, UptimeMs = 86_400_123 });
    }

    private async Task CleanupAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Benchmark]
    public Task PublishQos0() => _client!.PublishAsync(Topic, _payload, MqttQos.AtMostOnce);

    [Benchmark]
    public Task PublishQos1() => _client!.PublishAsync(Topic, _payload, MqttQos.AtLeastOnce);
}
