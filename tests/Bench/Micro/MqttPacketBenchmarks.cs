using BenchmarkDotNet.Attributes;
using SosPost.Mqtt;
using SosPost.Mqtt.Packets;
using SosPost.Protocol;

namespace SosPost.Bench.Micro;

/// <summary>The MQTT client's packet writer and reader on the packets of the alarm path.</summary>
[MemoryDiagnoser]
public class MqttPacketBenchmarks
{
    private const string Topic = "sos/v1/MHC-001/alarm";
    private readonly MqttPacketReader _reader311 = new(MqttProtocolVersion.V311, 1024 * 1024);
    private readonly MqttPacketReader _reader5 = new(MqttProtocolVersion.V500, 1024 * 1024);
    private byte[] _payload = [];
    private byte[] _publish = [];
    private byte[] _pubAck = [];

    [GlobalSetup]
    public void Setup()
    {
        _payload = PayloadCodec.Encode(new AlarmMessage { AlarmId = 4711, UptimeMs = 86_400_123, PressedAt = new DateTime(2026, 11, 22, 7, 30, 0, DateTimeKind.Utc) });
        _publish = MqttPacketWriter.Publish(MqttProtocolVersion.V311, Topic, _payload, 1, false, 17);
        _pubAck = MqttPacketWriter.Ack(MqttPacketType.PubAck, 17);
    }

    [Benchmark]
    public byte[] EncodePublishQos1() => MqttPacketWriter.Publish(MqttProtocolVersion.V311, Topic, _payload, 1, false, 17);

    [Benchmark]
    public byte[] EncodePubAck() => MqttPacketWriter.Ack(MqttPacketType.PubAck, 17);

    [Benchmark]
    public object? DecodePublish() => _reader311.Decode(_publish).Packet;

    [Benchmark]
    public object? DecodePubAck() => _reader311.Decode(_pubAck).Packet;

    [Benchmark]
    public object? DecodePubAckV5() => _reader5.Decode(_pubAck).Packet;
}
