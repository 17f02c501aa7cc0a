using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>Settings of one <see cref="MqttClient"/>; defaults are the values SosPost runs with.</summary>
public sealed class MqttClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public required string ClientId { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;

    /// <summary>A PINGREQ is sent when nothing was sent or received for this long; zero turns keepalive off.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for any packet after a PINGREQ before the connection counts as lost; null means half of <see cref="KeepAlive"/>.</summary>
    public TimeSpan? PingTimeout { get; init; }

    /// <summary>Limit for TCP connect, TLS handshake and CONNACK together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool CleanSession { get; init; } = true;

    /// <summary>MQTT 5 only: how long the broker keeps the session after a disconnect, when <see cref="CleanSession"/> is false.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);

    public MqttLastWill? LastWill { get; init; }

    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Bounded window of unacknowledged QoS 1 publishes: the next publish waits for a free slot (back-pressure).</summary>
    public int MaxInFlight { get; init; } = 32;

    public bool AutoReconnect { get; init; } = true;

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Incoming packets larger than this (in bytes, header included) close the connection with a logged reason.</summary>
    public int MaxPacketSize { get; init; } = 1024 * 1024;

    internal TimeSpan EffectivePingTimeout => PingTimeout ?? KeepAlive / 2;

    /// <summary>Keepalive as sent on the wire: whole seconds, rounded up.</summary>
    internal ushort KeepAliveSeconds => (ushort)Math.Ceiling(KeepAlive.TotalSeconds);

    internal void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Host), nameof(Host), "is required");
        Require(Port is > 0 and <= 65535, nameof(Port), "must be 1 to 65535");
        Require(!string.IsNullOrEmpty(ClientId), nameof(ClientId), "is required (a broker-assigned id could not resume a session)");
        Require(MqttWire.IsValidString(ClientId), nameof(ClientId), "must be valid UTF-8 of at most 65535 bytes");
        Require(UserName is null || MqttWire.IsValidString(UserName), nameof(UserName), "must be valid UTF-8 of at most 65535 bytes");
        Require(Password is null || MqttWire.IsValidString(Password), nameof(Password), "must be valid UTF-8 of at most 65535 bytes");
        Require(Password is null || UserName is not null || ProtocolVersion == MqttProtocolVersion.V500, nameof(Password), "needs a UserName in MQTT 3.1.1");
        Require(KeepAlive == TimeSpan.Zero || (KeepAlive >= TimeSpan.FromSeconds(1) && KeepAlive.TotalSeconds <= ushort.MaxValue), nameof(KeepAlive), "must be zero or 1 s to 65535 s");
        Require(PingTimeout is null || PingTimeout > TimeSpan.Zero, nameof(PingTimeout), "must be positive");
        Require(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Require(SessionExpiry >= TimeSpan.Zero && SessionExpiry.TotalSeconds <= uint.MaxValue, nameof(SessionExpiry), "must be 0 to 2^32-1 seconds");
        Require(MaxInFlight is > 0 and <= 65535, nameof(MaxInFlight), "must be 1 to 65535");
        Require(ReconnectMinDelay > TimeSpan.Zero && ReconnectMinDelay <= ReconnectMaxDelay, nameof(ReconnectMinDelay), "must be positive and not above ReconnectMaxDelay");
        Require(MaxPacketSize is >= 128 and <= MqttWire.MaxPacketSize, nameof(MaxPacketSize), "must be 128 bytes to 256 MiB");
        if (LastWill is not null)
        {
            MqttTopic.ValidateTopicName(LastWill.Topic, nameof(LastWill));
            Require(LastWill.Payload.Length <= ushort.MaxValue, nameof(LastWill), "payload must be at most 65535 bytes");
            Require(Enum.IsDefined(LastWill.Qos), nameof(LastWill), "QoS must be 0 or 1");
        }
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"MqttClientOptions.{name} {rule}.", name);
        }
    }
}
