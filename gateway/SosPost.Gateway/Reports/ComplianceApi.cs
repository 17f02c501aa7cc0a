using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Registry;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Reports;

public static class ComplianceApi
{
    /// <summary>
    /// <c>GET /api/reports/compliance?days=N&amp;format=json|csv</c>: every post whose last passed self-test was received
    /// more than N days ago, or that has none, with its last test. N defaults to <c>Gateway:Compliance:Days</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapComplianceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/reports/compliance", ReportAsync).RequireAuthorization(SosPost.Gateway.Console.ConsoleRoles.SeePosts);
        return endpoints;
    }

    private static async Task<IResult> ReportAsync(
        HttpRequest request,
        IPostRegistry registry,
        ISelfTestStore selfTests,
        ISelfTestHistory history,
        IOptions<ComplianceOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // Read by hand, so a bad value is answered with the parameter named rather than a bare 400.
        var days = options.Value.Days;
        if (request.Query.TryGetValue("days", out var daysText)
            && !(int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= ComplianceOptions.MaxDays))
        {
            return Results.BadRequest(new { error = $"days must be a whole number from 1 to {ComplianceOptions.MaxDays}, not '{daysText}'." });
        }

        var format = request.Query.TryGetValue("format", out var formatText) ? formatText.ToString() : "json";
        if (format is not ("json" or "csv"))
        {
            return Results.BadRequest(new { error = $"format must be json or csv, not '{format}'." });
        }

        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(days);
        var latest = (await selfTests.LatestAsync(cancellationToken)).ToDictionary(t => t.PostId, StringComparer.Ordinal);
        var passed = (await history.LastPassedAsync(cancellationToken)).ToDictionary(t => t.PostId, StringComparer.Ordinal);
        var rows = registry.All
            .OrderBy(post => post.Id, StringComparer.Ordinal)
            .Select(post => (post, last: latest.GetValueOrDefault(post.Id), lastPassed: passed.GetValueOrDefault(post.Id)))
            .Where(row => row.lastPassed is null || row.lastPassed.ReceivedAt < cutoff)
            .Select(row => new ComplianceRow(
                row.post.Id,
                row.post.Name,
                row.post.Station,
                row.lastPassed?.ReceivedAt,
                row.last?.ReceivedAt,
                row.last is null ? null : row.last.Ok ? "pass" : "fail",
                row.last?.TestId))
            .ToList();

        if (format == "csv")
        {
            return Results.Text(Csv(rows), "text/csv; charset=utf-8", Encoding.UTF8);
        }

        return Results.Ok(new ComplianceReport(days, now, cutoff, rows));
    }

    private static string Csv(IEnumerable<ComplianceRow> rows)
    {
        var text = new StringBuilder("postId,name,station,lastPassedAt,lastTestAt,lastTestResult,lastTestId\r\n");
        foreach (var row in rows)
        {
            string[] fields = [row.PostId, row.Name, row.Station, UtcTime.ToText(row.LastPassedAt) ?? "", UtcTime.ToText(row.LastTestAt) ?? "", row.LastTestResult ?? "", row.LastTestId ?? ""];
            text.AppendJoin(',', fields.Select(Field)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The report: posts overdue for a passed self-test (none passed after <c>Cutoff</c>).</summary>
    public sealed record ComplianceReport(int Days, DateTimeOffset GeneratedAt, DateTimeOffset Cutoff, IReadOnlyList<ComplianceRow> Posts);

    /// <summary>
    /// One overdue post. <c>LastPassedAt</c> is when the gateway received its last passed self-test (null: none);
    /// <c>LastTestAt</c>, <c>LastTestResult</c> (<c>pass</c>/<c>fail</c>) and <c>LastTestId</c> describe its latest test of any result.
    /// </summary>
    public sealed record ComplianceRow(
        string PostId,
        string Name,
        string Station,
        DateTimeOffset? LastPassedAt,
        DateTimeOffset? LastTestAt,
        string? LastTestResult,
        string? LastTestId);
}
