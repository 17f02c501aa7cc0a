using System.Globalization;
using SosPost.Simulator.Control;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator;

/// <summary>status: the beacon table of a running simulator.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (line.UnknownOptions("control-port").FirstOrDefault() is { } unknown)
        {
            return await Cli.UsageAsync(error, "status does not know option " + unknown);
        }

        if (line.Positional.Count > 1)
        {
            return await Cli.UsageAsync(error, "status takes at most one POST-ID");
        }

        if (line.Port("control-port", ControlEndpoint.DefaultPort) is not { } port)
        {
            return await Cli.UsageAsync(error, "--control-port must be a port number");
        }

        using var client = new ControlClient(port);
        IReadOnlyList<PostStatus> rows;
        try
        {
            if (line.Positional.Count == 1)
            {
                var one = await client.GetAsync(line.Positional[0], ct);
                if (one is null)
                {
                    await error.WriteLineAsync("error: the simulator has no post " + line.Positional[0]);
                    return ExitCodes.UnknownPost;
                }

                rows = [one];
            }
            else
            {
                rows = await client.GetAllAsync(ct);
            }
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync("error: no simulator answers on 127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + " (" + e.Message + ")");
            return ExitCodes.Unreachable;
        }

        await output.WriteLineAsync(Table(rows));
        return ExitCodes.Ok;
    }

    internal static string Table(IReadOnlyList<PostStatus> rows)
    {
        var idWidth = Math.Max(4, rows.Count == 0 ? 0 : rows.Max(r => r.Id.Length));
        var text = new System.Text.StringBuilder();
        text.Append("POST".PadRight(idWidth)).Append("  BEACON      CONNECTED  PENDING  LAST ALARM");
        foreach (var r in rows)
        {
            text.AppendLine()
                .Append(r.Id.PadRight(idWidth)).Append("  ")
                .Append(r.Beacon.PadRight(10)).Append("  ")
                .Append((r.Connected ? "yes" : "no").PadRight(9)).Append("  ")
                .Append(r.PendingAlarms.ToString(CultureInfo.InvariantCulture).PadRight(7)).Append("  ")
                .Append(r.LastAlarmId.ToString(CultureInfo.InvariantCulture));
            if (r.Troubles is { Count: > 0 } troubles)
            {
                // Only when there are troubles, so the usual table keeps its five columns.
                text.Append("  troubles: ").Append(string.Join(" ", troubles));
            }
        }

        return text.ToString();
    }
}
