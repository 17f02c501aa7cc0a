using SosPost.Testing;

namespace SosPost.Mqtt.Tests.Support;

/// <summary>One real Mosquitto per test class, with TLS, the SosPost ACL and two users with fresh random passwords.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public const string Gateway = "gateway";
    public const string PostId = "post-17";

    public MosquittoBroker Broker { get; private set; } = null!;

    public string GatewayPassword { get; } = TestSecrets.NewPassword();

    public string PostPassword { get; } = TestSecrets.NewPassword();

    public async ValueTask InitializeAsync()
    {
        var options = new MosquittoBrokerOptions { Tls = true }
            .AddUser(Gateway, GatewayPassword)
            .AddUser(PostId, PostPassword);
        Broker = await MosquittoBroker.StartAsync(options, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Broker.DisposeAsync();
}
