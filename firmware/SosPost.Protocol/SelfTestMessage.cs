using System;

namespace SosPost.Protocol;

/// <summary>The result of a self-test (post to gateway, sos/v1/{id}/selftest). Flat, like every payload.</summary>
public sealed class SelfTestMessage
{
    /// <summary>The value of <see cref="LinkRttMs"/> when the round trip was not measured (null on the wire).</summary>
    public const long NoRoundTrip = -1;

    /// <summary>The command's correlation id; for a test started with the button, an id the post makes.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>A <see cref="SelfTestTrigger"/> value.</summary>
    public string Trigger { get; set; } = SelfTestTrigger.Command;

    /// <summary>No check failed (a skipped check does not fail the test).</summary>
    public bool Ok { get; set; }

    /// <summary>A <see cref="SelfTestOutcome"/>: the beacon lamp.</summary>
    public string Lamp { get; set; } = SelfTestOutcome.Skip;

    /// <summary>A <see cref="SelfTestOutcome"/>: the camera trigger.</summary>
    public string Camera { get; set; } = SelfTestOutcome.Skip;

    /// <summary>A <see cref="SelfTestOutcome"/>: a test alarm was answered "received" by the gateway.</summary>
    public string Link { get; set; } = SelfTestOutcome.Skip;

    /// <summary>A <see cref="SelfTestOutcome"/>: flash storage written and read back.</summary>
    public string Storage { get; set; } = SelfTestOutcome.Skip;

    /// <summary>Milliseconds from sending the test alarm to its "received"; <see cref="NoRoundTrip"/> when not measured.</summary>
    public long LinkRttMs { get; set; } = NoRoundTrip;

    /// <summary>The post's uptime when the test finished.</summary>
    public long UptimeMs { get; set; }

    /// <summary>UTC when the test finished; <see cref="DateTime.MinValue"/> when the clock was not synced (null on the wire).</summary>
    public DateTime At { get; set; } = DateTime.MinValue;
}
