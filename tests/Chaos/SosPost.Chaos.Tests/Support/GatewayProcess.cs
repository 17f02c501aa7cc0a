using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SosPost.Gateway.Console;
using SosPost.Testing;

namespace SosPost.Chaos.Tests.Support;

/// <summary>
/// The real gateway as its own process (<c>dotnet SosPost.Gateway.dll</c>, configured by environment variables as
/// scripts/demo.sh does), so a test can kill it with SIGKILL and start it again over the same database. Its log
/// is kept across restarts for the failure report.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public const string ConsoleUser = "chaos";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string ConsolePassword = TestSecrets.NewPassword();
    private static readonly string ConsoleHash = PasswordHash.Create(ConsolePassword, PasswordHash.MinIterations);

    private readonly Dictionary<string, string?> _environment;
    private readonly StringBuilder _earlierRuns = new();
    private ChildProcess? _process;
    private HttpClient? _console;
    private string? _csrfToken;
    private int _runs;

    private GatewayProcess(IReadOnlyDictionary<string, string> settings)
    {
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = null,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
            ["Gateway__Console__Users__0__UserName"] = ConsoleUser,
            ["Gateway__Console__Users__0__PasswordHash"] = ConsoleHash,

            // Ignored by a gateway without console roles; required by one with them.
            ["Gateway__Console__Users__0__Role"] = "admin",
        };
        foreach (var (key, value) in settings)
        {
            _environment["Gateway__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }

    public int HttpPort { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running process's id (for SIGSTOP), or null.</summary>
    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    /// <summary>A logged-in console API client for the current run.</summary>
    public HttpClient Console => _console ?? throw new InvalidOperationException("The gateway is not running.");

    /// <summary>Starts the gateway with <paramref name="settings"/>: keys without "Gateway:", e.g. "Store:SqlitePath".</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var gateway = new GatewayProcess(settings);
        try
        {
            await gateway.StartAgainAsync(ct);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (first start or after a kill) and waits until its store answers and a login works.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The gateway is already running.");
        }

        for (var attempt = 1; ; attempt++)
        {
            KeepLogOfLastRun();
            HttpPort = FreePort.Next();
            _environment["ASPNETCORE_URLS"] = "http://127.0.0.1:" + HttpPort.ToString(CultureInfo.InvariantCulture);
            _runs++;
            _process = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "SosPost.Gateway.dll")], AppContext.BaseDirectory, _environment);
            try
            {
                await WaitUntilServingAsync(ct);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process.HasExited && LogText().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Someone took the free port before the gateway bound it: pick another.
            }
        }
    }

    /// <summary>SIGKILL, as a power cut or OOM kill would: nothing is flushed, no goodbye to the broker.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(15), ct);
        }

        _console?.Dispose();
        _console = null;
    }

    /// <summary>Every line the gateway wrote, over all its runs.</summary>
    public string LogText()
    {
        var text = new StringBuilder(_earlierRuns.ToString());
        if (_process is { } process)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- gateway run {_runs} (pid {process.Id}{(process.HasExited ? ", exited " + process.ExitCode.ToString(CultureInfo.InvariantCulture) : string.Empty)}) ---");
            text.AppendJoin('\n', process.OutputLines).AppendLine();
            text.Append(process.ErrorText);
        }

        return text.ToString();
    }

    /// <summary>Log lines of every run that contain <paramref name="text"/>.</summary>
    public int CountInLog(string text) =>
        LogText().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    public async Task<IReadOnlyList<StoredAlarm>> AlarmsAsync(CancellationToken ct)
    {
        var alarms = await Console.GetFromJsonAsync<List<StoredAlarm>>("/api/alarms?limit=1000", Json, ct);
        return alarms!;
    }

    /// <summary>A dispatcher acknowledges the alarm (row id) in this gateway's console.</summary>
    public async Task AcknowledgeAsync(long alarmRowId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alarms/" + alarmRowId.ToString(CultureInfo.InvariantCulture) + "/acknowledge");
        request.Headers.Add(ConsoleCsrf.HeaderName, _csrfToken);
        using var response = await Console.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task<bool> MqttConnectedAsync(CancellationToken ct)
    {
        try
        {
            using var response = await Console.GetAsync("/health", ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return body.TryGetProperty("mqttConnected", out var connected) && connected.GetBoolean();
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _console?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private void KeepLogOfLastRun()
    {
        if (_process is not null)
        {
            _earlierRuns.Append(LogText()[_earlierRuns.Length..]);
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken ct)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies })
        {
            BaseAddress = new Uri("http://127.0.0.1:" + HttpPort.ToString(CultureInfo.InvariantCulture)),
            Timeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    if (_process!.HasExited)
                    {
                        throw new InvalidOperationException("The gateway exited while starting:\n" + LogText());
                    }

                    try
                    {
                        using var health = await client.GetAsync("/health", ct);
                        return health.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                ChaosRig.StartDeadline,
                "the gateway process answers /health with 200",
                ct);
            using var login = await client.PostAsync(
                "/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = ConsoleUser, ["password"] = ConsolePassword }),
                ct);
            if (login.StatusCode != HttpStatusCode.Redirect || login.Headers.Location?.OriginalString != "/")
            {
                throw new InvalidOperationException($"Console login failed ({(int)login.StatusCode} to {login.Headers.Location}).");
            }

            _console = client;
            _csrfToken = cookies.GetCookies(client.BaseAddress)[ConsoleCsrf.CookieName]?.Value;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>What GET /api/alarms says of one alarm (the fields the chaos tests read).</summary>
internal sealed record StoredAlarm(long Id, string PostId, long AlarmId, bool Test, int Presses, string State, IReadOnlyList<StoredDelivery> Deliveries);

internal sealed record StoredDelivery(string Target, string Status, int Attempts);
