using System.Diagnostics;
using System.Text;

namespace SosPost.Testing;

/// <summary>A command-line tool run by a test: output captured line by line, killed on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly StringBuilder _error = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _output];
            }
        }
    }

    public string ErrorText
    {
        get
        {
            lock (_lock)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts a tool; <paramref name="environment"/> sets (a null value removes) variables for the child only, e.g. a service's configuration.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var path = FindExecutable(fileName);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, Path.GetFileName(path));
        process.OutputDataReceived += (_, e) => child.Append(e.Data, toError: false);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, toError: true);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a tool to completion and returns its output; a non-zero exit code throws with its error output.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        await using var child = Start(fileName, arguments);
        var code = await child.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30), ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"{child.Name} exited with code {code}: {child.ErrorText}{string.Join('\n', child.OutputLines)}");
        }

        return string.Join('\n', child.OutputLines);
    }

    /// <summary>Looks in PATH and in the system directories, since sbin (mosquitto) is not on every user's PATH.</summary>
    public static string FindExecutable(string fileName)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return fileName;
        }

        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var directory in path.Concat(SystemDirectories))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{fileName}' is not installed (looked in PATH and {string.Join(", ", SystemDirectories)}).", fileName);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{Name} did not exit within {timeout.TotalSeconds:0.#} s. Output:\n{string.Join('\n', OutputLines)}\nErrors:\n{ErrorText}",
                e);
        }

        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Leave it; the process object is released below either way.
        }

        _process.Dispose();
    }

    private void Append(string? line, bool toError)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            if (toError)
            {
                _error.AppendLine(line);
            }
            else
            {
                _output.Add(line);
            }
        }
    }
}
