using System.Security.Cryptography.X509Certificates;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

public sealed class ConnectTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncDisposable
{
    private readonly TestClients _clients = new(fixture.Broker, output);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Connects_with_user_name_and_password(MqttProtocolVersion version)
    {
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version));
        var events = new ConnectionEvents(client);

        await client.ConnectAsync(Ct);

        Assert.True(client.IsConnected);
        Assert.Equal([true], events.All);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 5)]
    [InlineData(MqttProtocolVersion.V500, 135)]
    public async Task Wrong_password_is_refused_with_a_clear_exception(MqttProtocolVersion version, int expectedCode)
    {
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, TestSecrets.NewPassword(), version));

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Ct));

        Assert.Equal(expectedCode, error.ReasonCode);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("not authorized", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Anonymous_client_is_refused(MqttProtocolVersion version)
    {
        var options = _clients.Options(BrokerFixture.Gateway, "unused", version);
        var client = _clients.Create(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = options.ClientId, ProtocolVersion = version });

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Ct));

        Assert.NotNull(error.ReasonCode);
    }

    [Fact]
    public async Task Unreachable_broker_fails_with_a_connect_exception_without_a_reason_code()
    {
        var options = _clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword);
        var client = _clients.Create(new MqttClientOptions { Host = options.Host, Port = FreePort.Next(), ClientId = "nobody-home" });

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Ct));

        Assert.Null(error.ReasonCode);
        Assert.Contains("Cannot connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_before_the_first_connect_fail_instead_of_waiting_forever()
    {
        var client = _clients.Create(_clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword));

        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("sos/v1/x/alarm", "a"u8.ToArray(), ct: Ct));
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("sos/v1/x/alarm", "a"u8.ToArray(), MqttQos.AtMostOnce, ct: Ct));
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.SubscribeAsync("sos/v1/#", MqttQos.AtLeastOnce, Ct));
        Assert.Equal(0, client.InFlightCount);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Tls_connection_is_trusted_through_the_brokers_own_ca(MqttProtocolVersion version)
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(fixture.Broker.CaCertificatePath!);
        var plain = _clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword, version);
        var client = _clients.Create(new MqttClientOptions
        {
            Host = plain.Host,
            Port = fixture.Broker.TlsPort,
            ClientId = plain.ClientId,
            UserName = plain.UserName,
            Password = plain.Password,
            ProtocolVersion = version,
            Tls = new MqttTlsOptions { CaCertificate = ca },
        });
        var received = new MessageCollector(client);

        await client.ConnectAsync(Ct);
        await client.SubscribeAsync("sos/v1/tls/alarm", MqttQos.AtLeastOnce, Ct);
        await client.PublishAsync("sos/v1/tls/alarm", "over tls"u8.ToArray(), ct: Ct).Within();

        await received.WaitForTextAsync("over tls");
    }

    [Fact]
    public async Task Tls_server_not_signed_by_a_trusted_ca_is_refused()
    {
        var plain = _clients.Options(BrokerFixture.Gateway, fixture.GatewayPassword);
        var client = _clients.Create(new MqttClientOptions
        {
            Host = plain.Host,
            Port = fixture.Broker.TlsPort,
            ClientId = plain.ClientId,
            UserName = plain.UserName,
            Password = plain.Password,
            Tls = new MqttTlsOptions(),
        });

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Ct));

        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _clients.DisposeAsync();
}
