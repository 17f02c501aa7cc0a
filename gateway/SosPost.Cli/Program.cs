namespace SosPost.Cli;

/// <summary>
/// The process entry. A named class rather than top-level statements: their implicit <c>Program</c> would clash
/// with the gateway's in the CLI tests, which host the real gateway (WebApplicationFactory&lt;Program&gt;).
/// </summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C and SIGTERM stop watch and sim cleanly; the other commands are short.
        using var shutdown = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            shutdown.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                shutdown.Cancel();
            });

        return await Cli.RunAsync(args, System.Console.Out, System.Console.Error, Environment.GetEnvironmentVariable, shutdown.Token);
    }
}
