using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Bench.Micro;

/// <summary>
/// The payload codec (hand-written JSON, portable to nanoFramework) on the two messages a fleet sends most, against
/// System.Text.Json doing the same job in the same run.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly AlarmMessage _alarm = new() { AlarmId = 4711, Presses = 2, UptimeMs = 86_400_123, PressedAt = new DateTime(2026, 11, 22, 7, 30, 0, 123, DateTimeKind.Utc), Snapshot = true };

    private readonly HeartbeatMessage _heartbeat = new()
    {
        UptimeMs = 86_400_123, Firmware = "1.4.0", ConfigHash = "0badc0de", Link = LinkType.Wifi, RssiDbm = -67, MainsPresent = true,
        BatteryMv = 13200, Lamp = LampHealth.Ok, FreeMemoryBytes = 81920, LastReset = ResetReason.PowerOn, Outbox = 0,
        At = new DateTime(2026, 11, 22, 7, 30, 0, DateTimeKind.Utc),
    };

    private readonly MessageAuth _auth = new(MessageAuth.DerivePostKey(new byte[MessageAuth.KeySize], "MHC-001"));
    private byte[] _alarmBytes = [];
    private byte[] _heartbeatBytes = [];
    private byte[] _signedAlarm = [];
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _alarmBytes = PayloadCodec.Encode(_alarm);
        _heartbeatBytes = PayloadCodec.Encode(_heartbeat);
        _signedAlarm = _auth.Sign(AlarmTopic, _alarmBytes, 1);
    }

    [Benchmark]
    public byte[] EncodeAlarm() => PayloadCodec.Encode(_alarm);

    [Benchmark]
    public AlarmMessage? DecodeAlarm() => PayloadCodec.TryDecodeAlarm(_alarmBytes, out var m, out _) ? m : null;

    [Benchmark]
    public byte[] EncodeHeartbeat() => PayloadCodec.Encode(_heartbeat);

    [Benchmark]
    public HeartbeatMessage? DecodeHeartbeat() => PayloadCodec.TryDecodeHeartbeat(_heartbeatBytes, out var m, out _) ? m : null;

    /// <summary>Message authentication: HMAC-SHA256 over topic and payload, as every post message carries.</summary>
    [Benchmark]
    public byte[] SignAlarm() => _auth.Sign(AlarmTopic, _alarmBytes, ++_counter);

    [Benchmark]
    public bool VerifyAlarm() => _auth.Verify(AlarmTopic, _signedAlarm, out _);

    /// <summary>Baseline: System.Text.Json writing the same alarm document.</summary>
    [Benchmark]
    public byte[] SystemTextJsonEncodeAlarm() => JsonSerializer.SerializeToUtf8Bytes(_alarm);

    /// <summary>Baseline: System.Text.Json reading the same alarm bytes into the same class.</summary>
    [Benchmark]
    public AlarmMessage? SystemTextJsonDecodeAlarm() => JsonSerializer.Deserialize<AlarmMessage>(_alarmBytes, Web);

    private const string AlarmTopic = "sos/v1/MHC-001/alarm";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
