namespace SosPost.Gateway.SelfTests;

/// <summary>Durable self-test reports of posts; an interface so PostgreSQL can implement it later.</summary>
public interface ISelfTestStore
{
    /// <summary>Records the report once per (post id, test id, uptime): QoS 1 may deliver it twice. True when new.</summary>
    Task<bool> RecordAsync(SelfTestReport report, CancellationToken cancellationToken);

    /// <summary>The latest report (by time received) of each post that has one.</summary>
    Task<IReadOnlyList<SelfTestReport>> LatestAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A post's self-test result (docs/protocol.md, self-test report). <c>TestId</c> is the command's id, or
/// the post's own for a test started with the button; <c>LinkRttMs</c> the time from the test alarm to its
/// "received", null when not measured; <c>At</c> the post's UTC time when the test finished, null when
/// its clock was not synced.
/// </summary>
public sealed record SelfTestReport(
    string PostId,
    string TestId,
    string Trigger,
    bool Ok,
    string Lamp,
    string Camera,
    string Link,
    string Storage,
    long? LinkRttMs,
    long UptimeMs,
    DateTimeOffset? At,
    DateTimeOffset ReceivedAt);
