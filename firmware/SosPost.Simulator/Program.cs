using SosPost.Simulator;

// Ctrl+C and SIGTERM end "run" cleanly (each post announces offline); press and status are short-lived.
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

return await Cli.RunAsync(args, Console.Out, Console.Error, shutdown.Token);
