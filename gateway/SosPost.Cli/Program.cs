using SosPost.Cli;

// Ctrl+C and SIGTERM stop watch and sim cleanly; the other commands are short.
using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
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

return await Cli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, shutdown.Token);
