using SosPost.Gateway.Intake;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Tests.Intake;

public sealed class PressTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 20, 0, TimeSpan.Zero);

    [Fact]
    public void A_press_is_dated_from_the_uptime_the_post_last_reported()
    {
        // At 03:19:00 the post said it had been up 60 s; the press happened at uptime 30 s.
        var presence = new PostPresence("MHC-001", true, "0.1.0", Now, 60_000, Now.AddMinutes(-1));

        Assert.Equal(Now.AddSeconds(-90), PressTime.Estimate(30_000, presence, Now));
    }

    [Fact]
    public void A_press_from_before_the_last_reboot_has_no_estimate()
    {
        var presence = new PostPresence("MHC-001", true, "0.1.0", Now, 1_000, Now);

        Assert.Null(PressTime.Estimate(5_000, presence, Now));
    }

    [Fact]
    public void Without_a_reported_uptime_there_is_no_estimate()
    {
        Assert.Null(PressTime.Estimate(812, null, Now));
        Assert.Null(PressTime.Estimate(812, new PostPresence("MHC-001", true, null, null, null, null), Now));
    }
}
