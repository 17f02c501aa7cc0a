using SosPost.Gateway.Alarms;
using SosPost.Gateway.SelfTests;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Cli.Tests;

/// <summary><c>sospost compliance</c> and <c>sospost stats</c> against the real gateway (posts MHC-001 and BKK-001).</summary>
public sealed class ReportCommandsTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly GatewayRig _gateway = new();

    [Fact]
    public async Task Compliance_lists_the_overdue_posts_as_a_table_and_exits_1()
    {
        var now = DateTimeOffset.UtcNow;
        await RecordSelfTestAsync("MHC-001", ok: true, now.AddDays(-1));
        await RecordSelfTestAsync("BKK-001", ok: true, now.AddDays(-40));
        await RecordSelfTestAsync("BKK-001", ok: false, now.AddDays(-2));

        var run = await _gateway.RunAsync(TestUsers.Technician, "compliance", "--days", "30");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Output.Split(Environment.NewLine);
        Assert.StartsWith("1 post(s) without a passed self-test in the last 30 days", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^post\s+name\s+station\s+last passed\s+last test$", lines[2]);
        Assert.Matches($@"^BKK-001\s+Victory Monument skywalk\s+Phaya Thai Police Station\s+{Minute(now.AddDays(-40))}\s+{Minute(now.AddDays(-2))} FAIL$", lines[3]);
        Assert.DoesNotContain("MHC-001", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compliance_with_every_post_tested_says_so_and_exits_0()
    {
        await RecordSelfTestAsync("MHC-001", ok: true, DateTimeOffset.UtcNow.AddHours(-1));
        await RecordSelfTestAsync("BKK-001", ok: true, DateTimeOffset.UtcNow.AddHours(-2));

        var run = await _gateway.RunAsync(TestUsers.Dispatcher, "compliance");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Every post passed a self-test in the last 30 days", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compliance_as_csv_is_the_gateways_csv_for_a_spreadsheet()
    {
        var run = await _gateway.RunAsync(TestUsers.Admin, "compliance", "--format", "csv");

        Assert.Equal(1, run.ExitCode); // no post has ever passed one
        Assert.Equal(
            "postId,name,station,lastPassedAt,lastTestAt,lastTestResult,lastTestId\r\n"
            + "BKK-001,Victory Monument skywalk,Phaya Thai Police Station,,,,\r\n"
            + "MHC-001,Mahachai Market north gate,Mueang Samut Sakhon Police Station,,,,\r\n",
            run.Output);
    }

    [Theory]
    [InlineData("0", 2, "error: the gateway refused the request: days must be a whole number from 1 to")]
    [InlineData("x", 2, "error: Cannot parse argument 'x' for option '--days'")]
    public async Task Compliance_with_a_bad_days_value_is_a_usage_error(string days, int code, string error)
    {
        var run = await _gateway.RunAsync(TestUsers.Admin, "compliance", "--days", days);

        Assert.Equal(code, run.ExitCode);
        Assert.StartsWith(error, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Stats_shows_presses_outcomes_and_prank_rate_per_post()
    {
        var alarms = _gateway.Service<IAlarmStore>();
        var resolutions = _gateway.Service<IAlarmResolutionStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 4; i++)
        {
            var row = await alarms.RecordAsync(Alarm("MHC-001", i, presses: i, now), [], Ct);
            if (i <= 3)
            {
                await alarms.AcknowledgeAsync(row.RowId, TestUsers.Dispatcher, now, Ct); // only a dispatched alarm is resolved
                var resolved = await resolutions.ResolveAsync(row.RowId, new AlarmResolution(i == 1 ? AlarmOutcome.Real : AlarmOutcome.Prank, null, TestUsers.Dispatcher, now), Ct);
                Assert.Equal(ResolveOutcome.Resolved, resolved.Outcome);
            }
        }

        var run = await _gateway.RunAsync(TestUsers.Dispatcher, "stats");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split(Environment.NewLine);
        Assert.Equal("Alarms per post, all time (self-tests not counted):", lines[0]);
        Assert.Matches(@"^post\s+name\s+alarms\s+presses\s+real\s+prank\s+test\s+fault\s+open\s+prank rate$", lines[2]);
        Assert.Matches(@"^BKK-001\s+Victory Monument skywalk\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+-$", lines[3]);
        Assert.Matches(@"^MHC-001\s+Mahachai Market north gate\s+4\s+10\s+1\s+2\s+0\s+0\s+1\s+67 %$", lines[4]);
        Assert.Contains("4 alarm(s), 3 resolved, 2 prank(s): 67 % of the resolved ones.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_since_a_date_counts_only_alarms_received_from_then()
    {
        var alarms = _gateway.Service<IAlarmStore>();
        await alarms.RecordAsync(Alarm("MHC-001", 1, presses: 1, new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero)), [], Ct);
        await alarms.RecordAsync(Alarm("MHC-001", 2, presses: 3, new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero)), [], Ct);

        var run = await _gateway.RunAsync(TestUsers.Technician, "stats", "--since", "2026-11-01");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Alarms per post since 2026-11-01 00:00Z", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^MHC-001\s+Mahachai Market north gate\s+1\s+3\s+0\s+0\s+0\s+0\s+1\s+-\r?$", run.Output);
    }

    [Fact]
    public async Task Stats_with_a_date_that_is_not_one_is_exit_2_before_any_login()
    {
        var run = await CliRun.RunAsync("stats", "--since", "last tuesday", "--gateway", "http://127.0.0.1:1", "--user", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --since: \"last tuesday\" is not a date", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_exit_5_and_an_unreachable_gateway_exit_4()
    {
        var wrong = await CliRun.RunAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["SOSPOST_PASSWORD"] = "wrong" }, "stats", "--gateway", _gateway.Url, "--user", TestUsers.Admin);
        var closed = await CliRun.RunAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["SOSPOST_PASSWORD"] = "x" }, "compliance", "--gateway", "http://127.0.0.1:1", "--user", TestUsers.Admin);

        Assert.Equal((5, 4), (wrong.ExitCode, closed.ExitCode));
    }

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    private static string Minute(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static NewAlarm Alarm(string postId, long alarmId, int presses, DateTimeOffset receivedAt) =>
        new(postId, alarmId, "panic", false, presses, 1000 * alarmId, receivedAt, null, false, receivedAt);

    private Task RecordSelfTestAsync(string postId, bool ok, DateTimeOffset receivedAt)
    {
        var result = ok ? "pass" : "fail";
        return _gateway.Service<ISelfTestStore>().RecordAsync(
            new SelfTestReport(postId, "t-" + Guid.NewGuid().ToString("N")[..8], "command", ok, result, "pass", "pass", "pass", 40, 1000, receivedAt, receivedAt),
            Ct);
    }
}
