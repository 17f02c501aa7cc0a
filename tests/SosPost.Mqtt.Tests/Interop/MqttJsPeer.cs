using System.Globalization;
using System.Text.Json;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests.Interop;

/// <summary>Runs tests/interop/mqttjs-peer.mjs (MQTT.js) and reads the JSON lines it prints.</summary>
internal static class MqttJsPeer
{
    public static ChildProcess Start(MosquittoBroker broker, string user, string password, MqttProtocolVersion version, params string[] arguments)
    {
        var interop = FindInteropDirectory();
        if (!File.Exists(Path.Combine(interop, "node_modules", "mqtt", "package.json")))
        {
            throw new InvalidOperationException(
                $"MQTT.js is not installed in {interop}: run `npm ci --prefix tests/interop` from the repository root (the test script does this).");
        }

        return ChildProcess.Start(
            "node",
            [
                Path.Combine(interop, "mqttjs-peer.mjs"),
                "--url", $"mqtt://{broker.Host}:{broker.Port}",
                "--username", user,
                "--password", password,
                "--protocol", ((int)version).ToString(CultureInfo.InvariantCulture),
                .. arguments,
            ],
            interop);
    }

    public static IReadOnlyList<JsonElement> Events(ChildProcess peer) =>
        [.. peer.OutputLines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];

    public static bool Has(ChildProcess peer, string eventName) => Events(peer).Any(e => e.GetProperty("event").GetString() == eventName);

    private static string FindInteropDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/interop/package.json not found above {AppContext.BaseDirectory}.");
    }
}
