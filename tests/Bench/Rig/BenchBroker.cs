using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SosPost.Bench.Rig;

/// <summary>
/// A real Mosquitto for the load benchmarks, set up as scripts/lib.sh sets up production: a password per post, the
/// gateway's own user, the same ACL, persistence. Unlike the test fixture it hashes thousands of passwords in one
/// <c>mosquitto_passwd -U</c> call, lifts the connection limit and listens on several ports, so 20,000 posts from one
/// machine do not run out of loopback source ports when they all reconnect at once.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    /// <summary>A user that may echo on bench/# for the raw broker round trip (not part of the product's ACL).</summary>
    public const string EchoUser = "bench-echo";

    private readonly string _directory;
    private Process? _process;

    private BenchBroker(string directory, IReadOnlyList<int> ports)
    {
        _directory = directory;
        Ports = ports;
    }

    public string Host => "127.0.0.1";

    /// <summary>The first listener; the gateway uses it.</summary>
    public int Port => Ports[0];

    public IReadOnlyList<int> Ports { get; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public static async Task<BenchBroker> StartAsync(string directory, IReadOnlyDictionary<string, string> users, int listeners)
    {
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var plain = new StringBuilder();
        foreach (var (name, password) in users)
        {
            plain.Append(name).Append(':').Append(password).Append('\n');
        }

        var passwd = Path.Combine(directory, "passwd");
        await File.WriteAllTextAsync(passwd, plain.ToString());
        await Run("mosquitto_passwd", "-U", passwd); // hashes every line in place

        // The ACL of scripts/lib.sh, plus bench/ topics for the raw round trip baseline.
        await File.WriteAllTextAsync(Path.Combine(directory, "acl"), $"""
            user gateway
            topic readwrite sos/v1/#

            user {EchoUser}
            topic readwrite bench/#

            pattern write sos/v1/%u/alarm
            pattern write sos/v1/%u/heartbeat
            pattern write sos/v1/%u/status
            pattern write sos/v1/%u/event
            pattern write sos/v1/%u/selftest
            pattern read sos/v1/%u/alarm/state
            pattern read sos/v1/%u/event/ack
            pattern read sos/v1/%u/cmd
            pattern write bench/%u/ping
            pattern read bench/%u/pong

            """);

        var ports = Enumerable.Range(0, listeners).Select(_ => FreePort()).ToList();
        var config = new StringBuilder($"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwd}
            acl_file {Path.Combine(directory, "acl")}
            persistence true
            persistence_location {Path.Combine(directory, "data")}/
            max_packet_size 16384
            max_connections -1
            set_tcp_nodelay true
            max_queued_messages 100000
            log_dest file {Path.Combine(directory, "mosquitto.log")}
            log_type error
            log_type warning
            log_type notice
            user root

            """);
        foreach (var port in ports)
        {
            config.Append(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1\n");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"), config.ToString());
        var broker = new BenchBroker(directory, ports);
        await broker.LaunchAsync();
        return broker;
    }

    /// <summary>Clean stop (SIGTERM, so it saves its sessions) and start again on the same ports.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await Run("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public async Task LaunchAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            _process?.Dispose();
            _process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", Path.Combine(_directory, "mosquitto.conf")])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
                RedirectStandardOutput = true,
            })!;
            while (!_process.HasExited && !await AcceptsAsync(Port))
            {
                await Task.Delay(20);
            }

            if (!_process.HasExited)
            {
                return;
            }

            // The old listening socket can take a moment to be released after a restart.
            var error = await _process.StandardError.ReadToEndAsync();
            if (clock.Elapsed > TimeSpan.FromSeconds(20) || !error.Contains("in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"mosquitto exited with code {_process.ExitCode}: {error}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            _process?.Kill();
        }

        _process?.Dispose();
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }
    }
}
