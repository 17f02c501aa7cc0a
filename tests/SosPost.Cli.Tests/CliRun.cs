namespace SosPost.Cli.Tests;

/// <summary>Runs the CLI in-process as a technician would from a shell: arguments, environment, exit code, stdout, stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) => RunAsync(environment, null, args);

    /// <summary>With <paramref name="time"/>, the CLI's deadlines run on that clock (a <c>ManualTimeProvider</c> the test moves).</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, TimeProvider? time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name), TestContext.Current.CancellationToken, time);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);
}

/// <summary>A temporary directory, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sospost-cli-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
