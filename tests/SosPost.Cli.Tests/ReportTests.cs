using SosPost.Cli.Gateway;
using SosPost.Cli.Watching;
using SosPost.Protocol;

namespace SosPost.Cli.Tests;

public sealed class ReportTests
{
    private static readonly PostView Post = new("MHC-001", "Gate", 13.5, 100.2, "Addr", "Station", true, "1.0.0", null, "3f2a9c41", [], null);

    [Fact]
    public async Task A_failed_check_fails_the_verdict_and_says_what_to_check()
    {
        using var output = new StringWriter();
        var report = new SelfTestView("c-1", "command", false, "fail", "skip", "pass", "pass", 45, null, DateTimeOffset.UnixEpoch);

        var code = await TestCommand.PrintReportAsync(Post, report, new Uri("http://gw/"), DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2.4), output);

        Assert.Equal(1, code);
        Assert.Contains("  lamp               FAIL    -", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  camera             SKIP    -", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  link round trip    PASS    45 ms", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("verdict: FAIL", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("lamp: no lamp current", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipped_checks_do_not_fail_a_passing_test()
    {
        using var output = new StringWriter();
        var report = new SelfTestView("c-1", "command", true, "pass", "skip", "pass", "pass", 12, null, DateTimeOffset.UnixEpoch);

        Assert.Equal(0, await TestCommand.PrintReportAsync(Post, report, new Uri("http://gw/"), DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), output));
        Assert.Contains("verdict: PASS", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_shows_each_protocol_message_as_one_readable_line()
    {
        var at = new DateTimeOffset(2026, 11, 22, 3, 15, 42, TimeSpan.Zero);
        var trouble = PayloadCodec.Encode(new EventMessage { EventId = 4, Type = "tamper", Active = true, UptimeMs = 10 });
        var test = PayloadCodec.Encode(new SelfTestMessage { Id = "c-18", Ok = true, Lamp = "pass", Camera = "pass", Link = "pass", Storage = "pass", LinkRttMs = 45 });

        Assert.Equal("03:15:42  MHC-001      trouble tamper RAISED", EventLine.Format("sos/v1/MHC-001/event", trouble, at));
        Assert.Equal("03:15:42  MHC-001      self-test c-18 PASS: lamp pass, camera pass, storage pass, link pass 45 ms", EventLine.Format("sos/v1/MHC-001/selftest", test, at));
        Assert.Equal("03:15:42  MHC-001      alarm: unreadable payload (3 bytes)", EventLine.Format("sos/v1/MHC-001/alarm", "{x}"u8.ToArray(), at));
        Assert.Null(EventLine.Format("other/topic", [], at));
    }
}
