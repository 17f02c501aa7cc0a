using System.Globalization;
using SosPost.Firmware.Core;
using SosPost.Simulator.Control;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator;

/// <summary>press: presses a post's button in a running simulator, optionally waiting for a beacon state.</summary>
internal static class PressCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (line.UnknownOptions("control-port", "wait", "timeout").FirstOrDefault() is { } unknown)
        {
            return await Cli.UsageAsync(error, "press does not know option " + unknown);
        }

        if (line.Positional.Count != 1)
        {
            return await Cli.UsageAsync(error, "press needs exactly one POST-ID");
        }

        if (line.Port("control-port", ControlEndpoint.DefaultPort) is not { } port)
        {
            return await Cli.UsageAsync(error, "--control-port must be a port number");
        }

        string? wanted = null;
        if (line.Option("wait") is { } wait)
        {
            wanted = BeaconNames.FirstOrDefault(n => string.Equals(n, wait, StringComparison.OrdinalIgnoreCase));
            if (wanted is null)
            {
                return await Cli.UsageAsync(error, "--wait must be one of " + string.Join(", ", BeaconNames));
            }
        }

        var timeout = TimeSpan.FromSeconds(30);
        if (line.Option("timeout") is { } seconds)
        {
            if (wanted is null)
            {
                return await Cli.UsageAsync(error, "--timeout only goes with --wait");
            }

            if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s < 1)
            {
                return await Cli.UsageAsync(error, "--timeout must be a whole number of seconds");
            }

            timeout = TimeSpan.FromSeconds(s);
        }

        var postId = line.Positional[0];
        using var client = new ControlClient(port);
        try
        {
            var status = await client.PressAsync(postId, ct);
            if (status is null)
            {
                await error.WriteLineAsync("error: the simulator has no post " + postId);
                return ExitCodes.UnknownPost;
            }

            await output.WriteLineAsync(Describe(status));
            if (wanted is null)
            {
                return ExitCodes.Ok;
            }

            var deadline = DateTime.UtcNow + timeout;
            while (status.Beacon != wanted)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    await error.WriteLineAsync(
                        postId + " beacon still " + status.Beacon + " after " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s, not " + wanted);
                    return ExitCodes.TimedOut;
                }

                await Task.Delay(PollInterval, ct);
                status = await client.GetAsync(postId, ct) ?? status;
            }

            await output.WriteLineAsync(Describe(status));
            return ExitCodes.Ok;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync("error: no simulator answers on 127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + " (" + e.Message + ")");
            return ExitCodes.Unreachable;
        }
    }

    internal static string[] BeaconNames { get; } =
    [
        .. new[] { BeaconState.Idle, BeaconState.Sending, BeaconState.Received, BeaconState.Dispatched, BeaconState.Fault }.Select(BeaconPattern.NameOf),
    ];

    private static string Describe(PostStatus s) =>
        s.Id + " beacon " + s.Beacon + (s.LastAlarmId > 0 ? " (last alarm " + s.LastAlarmId.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
}
