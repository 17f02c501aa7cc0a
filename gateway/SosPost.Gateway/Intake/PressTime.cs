using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Intake;

/// <summary>
/// When a post's clock was not synced it sends no press time, only its uptime at the press. The post's
/// last reported uptime (and when we got it) maps uptime to our clock, as long as both come from the
/// same boot. A reboot between the press and that report makes the estimate wrong, which is why it is
/// reported apart from the post's own press time.
/// </summary>
public static class PressTime
{
    public static DateTimeOffset? Estimate(long pressUptimeMs, PostPresence? presence, DateTimeOffset now)
    {
        if (presence is not { UptimeMs: { } reportedUptimeMs, UptimeAt: { } reportedAt } || reportedAt > now)
        {
            return null;
        }

        var uptimeNowMs = reportedUptimeMs + (now - reportedAt).TotalMilliseconds;
        if (pressUptimeMs > uptimeNowMs)
        {
            return null; // pressed before the last reboot: there is no common clock
        }

        if (uptimeNowMs - pressUptimeMs > (now - DateTimeOffset.UnixEpoch).TotalMilliseconds)
        {
            return null; // pressed before 1970 by this clock: a reported uptime that is not believable, so no estimate
        }

        return now - TimeSpan.FromMilliseconds(uptimeNowMs - pressUptimeMs);
    }
}
