using System.Globalization;
using System.Text.Json;
using SosPost.Cli.Gateway;

namespace SosPost.Cli.Reports;

/// <summary>
/// <c>sospost compliance</c>: the posts overdue for a passed self-test (the gateway's compliance report), as a
/// table or as the gateway's CSV. Exit 0 when no post is overdue, 1 when some are: a script can act on it.
/// </summary>
internal static class ComplianceCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(GatewayLogin login, int? days, string format, TextWriter output, CancellationToken ct)
    {
        using var client = await login.LoginAsync(ct);
        var query = days is { } n ? "&days=" + n.ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (format == "csv")
        {
            var csv = await client.GetReportAsync("api/reports/compliance?format=csv" + query, ct);
            await output.WriteAsync(csv);

            // The header line is always there; every further line is an overdue post.
            return csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }

        var report = JsonSerializer.Deserialize<ComplianceReport>(await client.GetReportAsync("api/reports/compliance?format=json" + query, ct), Json)
            ?? throw new CliException(ExitCodes.Unreachable, "the gateway answered the compliance report with nothing");
        await WriteTableAsync(report, output);
        return report.Posts.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
    }

    public static async Task WriteTableAsync(ComplianceReport report, TextWriter output)
    {
        var days = report.Days.ToString(CultureInfo.InvariantCulture);
        if (report.Posts.Count == 0)
        {
            await output.WriteLineAsync($"Every post passed a self-test in the last {days} days (since {Table.Time(report.Cutoff)}).");
            return;
        }

        await output.WriteLineAsync($"{report.Posts.Count.ToString(CultureInfo.InvariantCulture)} post(s) without a passed self-test in the last {days} days (since {Table.Time(report.Cutoff)}):");
        await output.WriteLineAsync();
        var rows = report.Posts.Select(p => new[]
        {
            p.PostId,
            p.Name,
            p.Station,
            p.LastPassedAt is { } passed ? Table.Time(passed) : "never",
            p.LastTestAt is { } tested ? $"{Table.Time(tested)} {p.LastTestResult?.ToUpperInvariant()}" : "none",
        });
        await Table.WriteAsync(output, ["post", "name", "station", "last passed", "last test"], rows);
        await output.WriteLineAsync();
        await output.WriteLineAsync("Run each one's self-test: sospost test POST --gateway ...");
    }

    /// <summary>The gateway's <c>GET /api/reports/compliance</c> answer.</summary>
    internal sealed record ComplianceReport(int Days, DateTimeOffset GeneratedAt, DateTimeOffset Cutoff, IReadOnlyList<ComplianceRow> Posts);

    internal sealed record ComplianceRow(
        string PostId,
        string Name,
        string Station,
        DateTimeOffset? LastPassedAt,
        DateTimeOffset? LastTestAt,
        string? LastTestResult,
        string? LastTestId);
}
