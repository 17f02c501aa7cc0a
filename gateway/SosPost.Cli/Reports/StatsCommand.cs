using System.Globalization;
using System.Text.Json;
using SosPost.Cli.Gateway;

namespace SosPost.Cli.Reports;

/// <summary>
/// <c>sospost stats</c>: the false-alarm statistics per post (<c>GET /api/stats/posts</c>): alarms, presses,
/// how the resolved ones turned out, and the prank rate among them. Test alarms of self-tests are not counted.
/// </summary>
internal static class StatsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A date (<c>2026-11-01</c>, midnight UTC) or a date and time with an offset; anything else is a usage error.</summary>
    public static DateTimeOffset ParseSince(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since)
            ? since
            : throw new CliException(ExitCodes.Usage, $"--since: \"{text}\" is not a date (e.g. 2026-11-01 or 2026-11-01T08:00:00+07:00)");

    public static async Task<int> RunAsync(GatewayLogin login, string? sinceText, TextWriter output, CancellationToken ct)
    {
        var since = sinceText is null ? (DateTimeOffset?)null : ParseSince(sinceText);
        using var client = await login.LoginAsync(ct);
        var query = since is { } from ? "?since=" + Uri.EscapeDataString(from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : string.Empty;
        var rows = JsonSerializer.Deserialize<List<PostStats>>(await client.GetReportAsync("api/stats/posts" + query, ct), Json) ?? [];
        await WriteTableAsync(rows, since, output);
        return ExitCodes.Ok;
    }

    public static async Task WriteTableAsync(IReadOnlyList<PostStats> rows, DateTimeOffset? since, TextWriter output)
    {
        await output.WriteLineAsync(since is { } from ? $"Alarms per post since {Table.Time(from)} (self-tests not counted):" : "Alarms per post, all time (self-tests not counted):");
        await output.WriteLineAsync();
        var c = CultureInfo.InvariantCulture;
        await Table.WriteAsync(
            output,
            ["post", "name", "alarms", "presses", "real", "prank", "test", "fault", "open", "prank rate"],
            rows.Select(r => new[]
            {
                r.PostId,
                r.Name ?? "(not in registry)",
                r.Alarms.ToString(c),
                r.Presses.ToString(c),
                r.Real.ToString(c),
                r.Prank.ToString(c),
                r.Test.ToString(c),
                r.Fault.ToString(c),
                r.Open.ToString(c),
                r.PrankRate is { } rate ? (rate * 100).ToString("0", c) + " %" : "-",
            }),
            rightAligned: 2);
        var alarms = rows.Sum(r => r.Alarms);
        var pranks = rows.Sum(r => r.Prank);
        var resolved = rows.Sum(r => r.Resolved);
        await output.WriteLineAsync();
        await output.WriteLineAsync(resolved == 0
            ? $"{alarms.ToString(c)} alarm(s), none resolved yet: the prank rate counts resolved alarms only."
            : $"{alarms.ToString(c)} alarm(s), {resolved.ToString(c)} resolved, {pranks.ToString(c)} prank(s): {((double)pranks / resolved * 100).ToString("0", c)} % of the resolved ones.");
    }

    /// <summary>One entry of the gateway's <c>GET /api/stats/posts</c>; <c>Name</c> is null for a post no longer in the registry.</summary>
    internal sealed record PostStats(
        string PostId,
        string? Name,
        int Alarms,
        int Presses,
        int Real,
        int Prank,
        int Test,
        int Fault,
        int Resolved,
        int Open,
        double? PrankRate);
}
