namespace SosPost.Mqtt.Tests;

public sealed class MqttClientOptionsTests
{
    public static TheoryData<string, Func<MqttClientOptions, MqttClientOptions>> InvalidOptions => new()
    {
        { "Port", o => Copy(o, port: 0) },
        { "ClientId", o => Copy(o, clientId: string.Empty) },
        { "MaxInFlight", o => Copy(o, maxInFlight: 0) },
        { "KeepAlive", o => Copy(o, keepAlive: TimeSpan.FromMilliseconds(500)) },
        { "Password", o => Copy(o, userName: null) },
        { "ReconnectMinDelay", o => Copy(o, reconnectMin: TimeSpan.FromMinutes(5)) },
        { "MaxPacketSize", o => Copy(o, maxPacketSize: 10) },
        { "LastWill", o => Copy(o, will: new MqttLastWill("sos/+/status", [])) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_refused_when_the_client_is_created(string property, Func<MqttClientOptions, MqttClientOptions> spoil)
    {
        var options = spoil(Valid());

        var error = Assert.Throws<ArgumentException>(() => new MqttClient(options));

        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = Valid();

        Assert.Equal(
            (1883, MqttProtocolVersion.V311, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), true, 32, true, 1024 * 1024),
            (options.Port, options.ProtocolVersion, options.KeepAlive, options.EffectivePingTimeout, options.CleanSession, options.MaxInFlight,
             options.AutoReconnect, options.MaxPacketSize));
    }

    private static MqttClientOptions Valid() => new() { Host = "localhost", ClientId = "c1", UserName = "u", Password = "p" };

    private static MqttClientOptions Copy(
        MqttClientOptions o,
        int? port = null,
        string? clientId = null,
        int? maxInFlight = null,
        TimeSpan? keepAlive = null,
        string? userName = "keep",
        TimeSpan? reconnectMin = null,
        int? maxPacketSize = null,
        MqttLastWill? will = null) => new()
        {
            Host = o.Host,
            Port = port ?? o.Port,
            ClientId = clientId ?? o.ClientId,
            UserName = userName == "keep" ? o.UserName : userName,
            Password = o.Password,
            MaxInFlight = maxInFlight ?? o.MaxInFlight,
            KeepAlive = keepAlive ?? o.KeepAlive,
            ReconnectMinDelay = reconnectMin ?? o.ReconnectMinDelay,
            MaxPacketSize = maxPacketSize ?? o.MaxPacketSize,
            LastWill = will,
        };
}
