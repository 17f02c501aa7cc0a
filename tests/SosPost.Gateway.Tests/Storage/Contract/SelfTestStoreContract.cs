using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="ISelfTestStore"/> does, whatever database is under it.</summary>
public abstract class SelfTestStoreContract : StoreContract
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 4, 0, 0, 125, TimeSpan.Zero);

    private ISelfTestStore SelfTests => Store.SelfTests;

    [Fact]
    public async Task A_report_delivered_twice_is_recorded_once()
    {
        var report = Report("MHC-001", "t-1", ReceivedAt);

        Assert.True(await SelfTests.RecordAsync(report, None));
        Assert.False(await SelfTests.RecordAsync(report with { ReceivedAt = ReceivedAt.AddSeconds(3) }, None));

        Assert.Equal([report], await SelfTests.LatestAsync(None));
    }

    [Fact]
    public async Task The_latest_report_by_time_received_of_each_post_is_listed_by_post_id()
    {
        await SelfTests.RecordAsync(Report("MHC-001", "t-2", ReceivedAt.AddMinutes(5)) with { Ok = false, Lamp = "fault" }, None);
        await SelfTests.RecordAsync(Report("MHC-001", "t-1", ReceivedAt), None);
        var bridge = Report("BKK-001", "button-7", ReceivedAt.AddMinutes(1)) with { Trigger = "button", LinkRttMs = null, At = null };
        await SelfTests.RecordAsync(bridge, None);

        Assert.Equal(
            [bridge, Report("MHC-001", "t-2", ReceivedAt.AddMinutes(5)) with { Ok = false, Lamp = "fault" }],
            await SelfTests.LatestAsync(None));
    }

    private static SelfTestReport Report(string postId, string testId, DateTimeOffset receivedAt) =>
        new(postId, testId, "console", true, "ok", "ok", "ok", "ok", 84, 7_200_000, receivedAt.AddMilliseconds(-40), receivedAt);
}
