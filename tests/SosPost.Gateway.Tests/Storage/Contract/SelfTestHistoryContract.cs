using SosPost.Gateway.Reports;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="ISelfTestHistory"/> does, whatever database is under it.</summary>
public abstract class SelfTestHistoryContract : StoreContract
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 4, 0, 0, 125, TimeSpan.Zero);

    private ISelfTestHistory History => Store.SelfTestHistory;

    [Fact]
    public async Task The_latest_passed_report_of_each_post_is_listed_and_a_later_failure_does_not_hide_it()
    {
        var passed = Report("MHC-001", "t-1", ReceivedAt);
        await Store.SelfTests.RecordAsync(Report("MHC-001", "t-0", ReceivedAt.AddDays(-7)), None);
        await Store.SelfTests.RecordAsync(passed, None);
        await Store.SelfTests.RecordAsync(Report("MHC-001", "t-2", ReceivedAt.AddDays(1)) with { Ok = false, Camera = "fault" }, None);
        await Store.SelfTests.RecordAsync(Report("BKK-001", "t-9", ReceivedAt) with { Ok = false, Lamp = "fault" }, None);
        var other = Report("ABC-001", "button-3", ReceivedAt.AddHours(2)) with { Trigger = "button", LinkRttMs = null, At = null };
        await Store.SelfTests.RecordAsync(other, None);

        Assert.Equal([other, passed], await History.LastPassedAsync(None));
    }

    [Fact]
    public async Task Without_reports_nothing_is_listed()
    {
        Assert.Empty(await History.LastPassedAsync(None));
    }

    private static SelfTestReport Report(string postId, string testId, DateTimeOffset receivedAt) =>
        new(postId, testId, "console", true, "ok", "ok", "ok", "ok", 84, 7_200_000, receivedAt.AddMilliseconds(-40), receivedAt);
}
