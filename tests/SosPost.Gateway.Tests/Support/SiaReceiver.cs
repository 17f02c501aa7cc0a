using System.Text.Json;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// A real SIA DC-09 receiver written by others: iobroker.sia's receiver run by tests/interop/sia-receiver.mjs on
/// loopback (TCP and UDP on one port). <see cref="Messages"/> are what it accepted and answered ACK.
/// </summary>
public sealed class SiaReceiver : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SiaReceiver(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyList<JsonElement> Messages => Events("message");

    public IReadOnlyList<JsonElement> Rejections => Events("rejected");

    public string Log => _process.ErrorText;

    /// <param name="accounts">"1234" in clear, or "1234:HEXKEY" encrypted.</param>
    /// <param name="timeoutSeconds">How far a message's timestamp may be from the receiver's clock before it answers NAK.</param>
    public static async Task<SiaReceiver> StartAsync(IEnumerable<string> accounts, int timeoutSeconds = 20)
    {
        var interop = FindInteropDirectory();
        if (!File.Exists(Path.Combine(interop, "node_modules", "iobroker.sia", "build", "lib", "sia.js")))
        {
            throw new InvalidOperationException(
                $"The SIA receiver (npm iobroker.sia) is not installed in {interop}: run `npm ci --prefix tests/interop` from the repository root (the test script does this).");
        }

        var port = FreePort.Next();
        List<string> arguments = [Path.Combine(interop, "sia-receiver.mjs"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var account in accounts)
        {
            arguments.AddRange(["--account", account]);
        }

        var receiver = new SiaReceiver(ChildProcess.Start("node", arguments, interop), port);
        try
        {
            await Eventually.WaitUntilAsync(
                () => receiver.Events("listening").Count == 2 || receiver._process.HasExited,
                TimeSpan.FromSeconds(20),
                "the SIA receiver listens on TCP and UDP");
            if (receiver._process.HasExited)
            {
                throw new InvalidOperationException($"The SIA receiver exited with code {receiver._process.ExitCode}: {receiver.Log}");
            }
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }

        return receiver;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private List<JsonElement> Events(string name) =>
        [.. _process.OutputLines
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == name)];

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
