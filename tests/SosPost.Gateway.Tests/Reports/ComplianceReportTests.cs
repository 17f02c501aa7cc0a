using System.Net;
using System.Text.Json;
using SosPost.Gateway.SelfTests;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Reports;

/// <summary>The self-test compliance report: posts without a passed self-test in the last N days.</summary>
public sealed class ComplianceReportTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private ClockedGateway _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _gateway = await ClockedGateway.StartAsync(_directory);
        var now = _gateway.Clock.GetUtcNow();
        var store = _gateway.Service<ISelfTestStore>();

        // MHC-001 passed 40 days ago and failed yesterday; BKK-001 never ran one.
        await store.RecordAsync(Report("MHC-001", "c-1", ok: true, now - TimeSpan.FromDays(40)), Ct);
        await store.RecordAsync(Report("MHC-001", "c-2", ok: false, now - TimeSpan.FromDays(1)), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Posts_whose_last_passed_self_test_is_older_than_the_default_30_days_or_missing_are_listed_with_their_last_test()
    {
        var report = await _gateway.GetJsonAsync("/api/reports/compliance");

        Assert.Equal(30, report.GetProperty("days").GetInt32());
        var posts = report.GetProperty("posts").EnumerateArray().ToList();
        Assert.Equal(["BKK-001", "MHC-001"], posts.Select(p => p.GetProperty("postId").GetString()));
        var never = posts[0];
        Assert.Equal(JsonValueKind.Null, never.GetProperty("lastPassedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, never.GetProperty("lastTestResult").ValueKind);
        var market = posts[1];
        var now = _gateway.Clock.GetUtcNow();
        Assert.Equal(now - TimeSpan.FromDays(40), market.GetProperty("lastPassedAt").GetDateTimeOffset());
        Assert.Equal(now - TimeSpan.FromDays(1), market.GetProperty("lastTestAt").GetDateTimeOffset());
        Assert.Equal(("fail", "c-2"), (market.GetProperty("lastTestResult").GetString(), market.GetProperty("lastTestId").GetString()));
    }

    [Fact]
    public async Task A_longer_period_lists_only_posts_without_any_passed_test_and_csv_gives_the_same_rows()
    {
        var report = await _gateway.GetJsonAsync("/api/reports/compliance?days=60");
        Assert.Equal(["BKK-001"], report.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("postId").GetString()));

        var response = await _gateway.Api.GetAsync("/api/reports/compliance?days=30&format=csv", Ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("postId,name,station,lastPassedAt,lastTestAt,lastTestResult,lastTestId", lines[0]);
        Assert.Equal("BKK-001,Victory Monument skywalk,Phaya Thai Police Station,,,,", lines[1]);
        var now = _gateway.Clock.GetUtcNow();
        Assert.Equal(
            $"MHC-001,Mahachai Market north gate,Mueang Samut Sakhon Police Station,{UtcTime.ToText(now - TimeSpan.FromDays(40))},{UtcTime.ToText(now - TimeSpan.FromDays(1))},fail,c-2",
            lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Theory]
    [InlineData("?days=0", "days must be a whole number from 1 to 3650, not '0'.")]
    [InlineData("?days=ten", "days must be a whole number from 1 to 3650, not 'ten'.")]
    [InlineData("?format=xml", "format must be json or csv, not 'xml'.")]
    public async Task A_bad_parameter_is_answered_400_naming_it(string query, string error)
    {
        var response = await _gateway.Api.GetAsync("/api/reports/compliance" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_report_needs_a_login()
    {
        using var anonymous = _gateway.App.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/compliance", Ct)).StatusCode);
    }

    private static SelfTestReport Report(string postId, string id, bool ok, DateTimeOffset receivedAt) =>
        new(postId, id, "command", ok, ok ? "pass" : "fail", "pass", "pass", "pass", 45, 5400120, receivedAt, receivedAt);
}
