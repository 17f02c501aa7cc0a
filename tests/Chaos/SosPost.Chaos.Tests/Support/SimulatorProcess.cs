using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SosPost.Testing;

namespace SosPost.Chaos.Tests.Support;

/// <summary>
/// Many virtual posts in one simulator process (<c>dotnet SosPost.Simulator.dll run</c>), each with its flash in a
/// JSON file under the state directory, driven through the simulator's control endpoint. Killing the process with
/// SIGKILL and starting it again over the same state directory is a power cut and reboot of every post in it.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _postsFile;
    private readonly string _credentialsFile;
    private readonly string _broker;
    private readonly string _stateDirectory;
    private readonly int _postCount;
    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly StringBuilder _earlierRuns = new();
    private ChildProcess? _process;

    private SimulatorProcess(string postsFile, string credentialsFile, string broker, string stateDirectory, int postCount)
    {
        _postsFile = postsFile;
        _credentialsFile = credentialsFile;
        _broker = broker;
        _stateDirectory = stateDirectory;
        _postCount = postCount;
    }

    public int ControlPort { get; private set; }

    public static async Task<SimulatorProcess> StartAsync(string postsFile, string credentialsFile, string brokerHost, int brokerPort, string stateDirectory, int postCount, CancellationToken ct)
    {
        var simulator = new SimulatorProcess(postsFile, credentialsFile, brokerHost + ":" + brokerPort.ToString(CultureInfo.InvariantCulture), stateDirectory, postCount);
        try
        {
            await simulator.StartAgainAsync(ct);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Boots every post from its flash and waits until all answer on the control endpoint.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        if (_process is not null)
        {
            _earlierRuns.Append(LogText()[_earlierRuns.Length..]);
        }

        ControlPort = FreePort.Next();
        _process = ChildProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "SosPost.Simulator.dll"), "run",
            "--posts", _postsFile, "--credentials", _credentialsFile, "--broker", _broker,
            "--state-dir", _stateDirectory, "--control-port", ControlPort.ToString(CultureInfo.InvariantCulture),
        ]);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("The simulator exited while starting:\n" + LogText());
                }

                try
                {
                    return (await PostsAsync(ct)).Count == _postCount;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            ChaosRig.StartDeadline,
            "the simulator's control endpoint lists all " + _postCount.ToString(CultureInfo.InvariantCulture) + " posts",
            ct);
    }

    /// <summary>SIGKILL: a power cut of every post in this process; only what is in their flash survives.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(15), ct);
        }
    }

    /// <summary>Presses a post's button; answers with its state once the post's core has seen the press.</summary>
    public async Task<PostState> PressAsync(string postId, CancellationToken ct)
    {
        using var response = await _control.PostAsync(ControlUrl("/posts/" + postId + "/press"), content: null, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PostState>(Json, ct))!;
    }

    public async Task<PostState> PostAsync(string postId, CancellationToken ct) =>
        (await _control.GetFromJsonAsync<PostState>(ControlUrl("/posts/" + postId), Json, ct))!;

    public async Task<IReadOnlyList<PostState>> PostsAsync(CancellationToken ct) =>
        (await _control.GetFromJsonAsync<List<PostState>>(ControlUrl("/posts"), Json, ct))!;

    public string LogText()
    {
        var text = new StringBuilder(_earlierRuns.ToString());
        if (_process is { } process)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- simulator pid {process.Id}{(process.HasExited ? " (exited)" : string.Empty)} ---");
            text.Append(process.ErrorText);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private Uri ControlUrl(string path) => new("http://127.0.0.1:" + ControlPort.ToString(CultureInfo.InvariantCulture) + path);
}

/// <summary>What the simulator's control endpoint says of one post.</summary>
internal sealed record PostState(string Id, string Beacon, bool Connected, int PendingAlarms, long LastAlarmId);
