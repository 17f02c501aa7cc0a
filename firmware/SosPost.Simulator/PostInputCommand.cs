using System.Globalization;
using SosPost.Simulator.Control;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator;

/// <summary>
/// tamper, mains, battery, lamp, hold, release: set one input of a post in a running simulator, as a
/// technician would at the post, and print what the post shows after its next tick.
/// </summary>
internal static class PostInputCommand
{
    public static readonly string[] Commands = ["tamper", "mains", "battery", "lamp", "hold", "release"];

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var command = line.Command;
        string[] known = command switch
        {
            "tamper" => ["open", "closed"],
            "mains" => ["lost", "restored"],
            "battery" => ["mv"],
            "lamp" => ["failed", "ok"],
            "hold" => ["ms"],
            _ => [],
        };
        if (line.UnknownOptions([.. known, "control-port"]).FirstOrDefault() is { } unknown)
        {
            return await Cli.UsageAsync(error, command + " does not know option " + unknown);
        }

        if (line.Positional.Count != 1)
        {
            return await Cli.UsageAsync(error, command + " needs exactly one POST-ID");
        }

        if (line.Port("control-port", ControlEndpoint.DefaultPort) is not { } port)
        {
            return await Cli.UsageAsync(error, "--control-port must be a port number");
        }

        var query = Query(line, out var problem);
        if (query is null)
        {
            return await Cli.UsageAsync(error, problem!);
        }

        var postId = line.Positional[0];
        using var client = new ControlClient(port);
        try
        {
            var status = await client.ChangeAsync(postId, command, query, ct);
            if (status is null)
            {
                await error.WriteLineAsync("error: the simulator has no post " + postId);
                return ExitCodes.UnknownPost;
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

    /// <summary>"MHC-001 beacon Idle, troubles: tamper, 1 event pending".</summary>
    internal static string Describe(PostStatus s)
    {
        var troubles = s.Troubles is { Count: > 0 } t ? string.Join(" ", t) : "none";
        return s.Id + " beacon " + s.Beacon + ", troubles: " + troubles + ", "
            + s.PendingEvents.ToString(CultureInfo.InvariantCulture) + (s.PendingEvents == 1 ? " event" : " events") + " pending";
    }

    // The control endpoint's query for the command's options; null with a message when they do not say one thing.
    private static string? Query(CommandLine line, out string? problem)
    {
        problem = null;
        switch (line.Command)
        {
            case "tamper":
                return Choice(line, "open", "closed", "open", out problem);
            case "mains":
                return Choice(line, "restored", "lost", "present", out problem);
            case "lamp":
                return Choice(line, "failed", "ok", "failed", out problem);
            case "battery":
                return Number(line, "mv", 0, ControlEndpoint.MaxBatteryMv, out problem);
            case "hold":
                return Number(line, "ms", 1, ControlEndpoint.MaxHoldMs, out problem);
            default:
                return string.Empty;
        }
    }

    private static string? Choice(CommandLine line, string yes, string no, string parameter, out string? problem)
    {
        problem = null;
        if (line.Flag(yes) == line.Flag(no))
        {
            problem = line.Command + " needs one of --" + yes + " or --" + no;
            return null;
        }

        return parameter + "=" + (line.Flag(yes) ? "true" : "false");
    }

    private static string? Number(CommandLine line, string name, int min, int max, out string? problem)
    {
        problem = null;
        if (!int.TryParse(line.Option(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problem = line.Command + " needs --" + name + " N, N from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture);
            return null;
        }

        return name + "=" + value.ToString(CultureInfo.InvariantCulture);
    }
}
