using SosPost.Gateway.Alarms;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Dispatch;

/// <summary>One dispatch target (webhook now; CAP, SIA DC-09 later): one class per target.</summary>
public interface IDispatchSink
{
    /// <summary>The target name stored in the outbox and used in idempotency keys.</summary>
    string Target { get; }

    /// <summary>How long the relay waits before trying this target again.</summary>
    DispatchBackoff Backoff { get; }

    /// <summary>
    /// True only for a target whose format marks a test alarm as a test that no one dispatches on (CAP's
    /// status Test). Every other target never receives test alarms (<see cref="DispatchSinks.TargetsFor"/>).
    /// </summary>
    bool AcceptsTestAlarms => false;

    /// <summary>Delivers one alarm. Returns rather than throws for anything the target did.</summary>
    Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>
/// What a sink is asked to deliver: the outbox row (<see cref="Attempts"/> made before this one) and the
/// alarm, with the post as the registry knows it now (null if it has gone from the registry).
/// <see cref="SnapshotUrl"/> is where the post camera's picture of the press can be fetched; the gateway
/// has none yet, so it is always null for now, and sinks that can carry it do so when it is set.
/// </summary>
public sealed record DispatchEnvelope(
    long OutboxId,
    string Target,
    string IdempotencyKey,
    int Attempts,
    AlarmRecord Alarm,
    Post? Post,
    Uri? SnapshotUrl = null);

public enum DeliveryOutcome
{
    Delivered,
    RetryLater,
    Rejected,
}

/// <summary>Delivered; retry later (the target may accept it later); rejected (it never will).</summary>
public readonly record struct DeliveryResult(DeliveryOutcome Outcome, string? Reason)
{
    public static DeliveryResult Delivered => new(DeliveryOutcome.Delivered, null);

    public static DeliveryResult RetryLater(string reason) => new(DeliveryOutcome.RetryLater, reason);

    public static DeliveryResult Rejected(string reason) => new(DeliveryOutcome.Rejected, reason);
}

/// <summary>Capped exponential backoff with jitter, so many failed rows do not retry in lock step.</summary>
public sealed record DispatchBackoff(TimeSpan Initial, TimeSpan Max)
{
    /// <param name="attempts">Failed attempts so far (1 after the first failure).</param>
    /// <param name="jitter">A sample in [0, 1): the delay is spread over 80 % to 120 % of the nominal one.</param>
    public TimeSpan After(int attempts, double jitter)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var nominal = Math.Min(Initial.Ticks * Math.Pow(2, exponent), Max.Ticks);
        var spread = nominal * (0.8 + (0.4 * jitter));
        return TimeSpan.FromTicks((long)Math.Min(spread, Max.Ticks));
    }
}
