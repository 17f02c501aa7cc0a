using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SosPost.Bench.Rig;

/// <summary>
/// The real gateway (SosPost.Gateway.dll built beside the bench) as its own process, configured as in production
/// through environment variables, so its CPU time and memory can be read from /proc without the load generator's.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private GatewayProcess(Process process, int httpPort, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public int Id => _process.Id;

    public string LogPath { get; }

    public static async Task<GatewayProcess> StartAsync(string directory, BenchBroker broker, string gatewayPassword, string masterKey, string postsFile, Uri? webhook)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SosPost.Gateway.dll");
        var httpPort = BenchBroker.FreePort();
        var log = Path.Combine(directory, "gateway.log");
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec dotnet \"{dll}\" >\"{log}\" 2>&1"]) { WorkingDirectory = directory };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["Gateway__Mqtt__Host"] = broker.Host;
        env["Gateway__Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture);
        env["Gateway__Mqtt__UserName"] = "gateway";
        env["Gateway__Mqtt__Password"] = gatewayPassword;
        env["Gateway__Mqtt__ClientId"] = "gateway-bench";
        env["Gateway__Store__SqlitePath"] = Path.Combine(directory, "sospost.db");
        env["Gateway__Registry__SeedFile"] = postsFile;
        env["Gateway__Security__MasterKey"] = masterKey; // posts sign with keys derived from it (PostSigner)
        if (webhook is not null)
        {
            env["Gateway__Webhook__Url"] = webhook.ToString();
            env["Gateway__Webhook__Secret"] = Secrets.New() + Secrets.New();
            env["Gateway__Webhook__InitialBackoff"] = "00:00:00.200";
        }

        var gateway = new GatewayProcess(Process.Start(start)!, httpPort, log);
        var clock = Stopwatch.StartNew();
        while (!await gateway.IsConnectedAsync())
        {
            if (gateway._process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                await gateway.DisposeAsync();
                throw new InvalidOperationException($"The gateway did not connect to the broker (see {log}):\n{Tail(log)}");
            }

            await Task.Delay(100);
        }

        return gateway;
    }

    /// <summary>Intake is subscribed: the broker accepted our session and /health says connected.</summary>
    public async Task<bool> IsConnectedAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("mqttConnected").GetBoolean();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sum of every series of one metric in the gateway's Prometheus text (0 when absent).</summary>
    public async Task<double> MetricAsync(string name, string? label = null)
    {
        var text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{'
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    public ProcessSample Sample() => ProcessSample.Of(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await BenchBroker.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
        _http.Dispose();
    }

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(30)) : "(no log)";
}

/// <summary>CPU time and resident memory of a process, from /proc.</summary>
internal sealed record ProcessSample(TimeSpan Cpu, long RssBytes, long At)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessSample Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rssKb = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new ProcessSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), long.Parse(rssKb, CultureInfo.InvariantCulture) * 1024, Stopwatch.GetTimestamp());
    }
}

internal static class Secrets
{
    public static string New() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
