using Microsoft.Extensions.Logging;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests.Support;

/// <summary>
/// Makes clients for one test, each with a recording logger echoed to the test output, and disposes them after it.
/// A client that logged an error fails the test at dispose, unless the test said it expects errors.
/// </summary>
public sealed class TestClients(MosquittoBroker broker, ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<(MqttClient Client, RecordingLogger<MqttClient> Log, bool ErrorsExpected)> _clients = [];

    public MqttClientOptions Options(
        string userName,
        string password,
        MqttProtocolVersion version = MqttProtocolVersion.V311,
        string? clientId = null) => new()
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = clientId ?? $"test-{Guid.NewGuid():N}"[..20],
            UserName = userName,
            Password = password,
            ProtocolVersion = version,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };

    public MqttClient Create(MqttClientOptions options, bool errorsExpected = false)
    {
        var log = new RecordingLogger<MqttClient>(line => output.WriteLine($"[{options.ClientId}] {line}"));
        var client = new MqttClient(options, log);
        _clients.Add((client, log, errorsExpected));
        return client;
    }

    public RecordingLogger<MqttClient> LogOf(MqttClient client) => _clients.Single(c => c.Client == client).Log;

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _, _) in _clients)
        {
            await client.DisposeAsync();
        }

        var errors = _clients
            .Where(c => !c.ErrorsExpected)
            .SelectMany(c => c.Log.Entries)
            .Where(e => e.Level >= LogLevel.Error)
            .ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Unexpected error log: " + string.Join("\n", errors.Select(e => e.Message + " " + e.Exception)));
        }
    }
}
