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
    /// status Test). Every other target never receives test alarms (<see cref="DispatchSinks.TargetsFor(NewAlarm)"/>).
    /// </summary>
    bool AcceptsTestAlarms => false;

    /// <summary>
    /// True only for the escalation target: it never gets a row for a new alarm, only the rows escalation writes for
    /// alarms no dispatcher acknowledged in time (<see cref="Escalation.EscalationService"/>).
    /// </summary>
    bool EscalationOnly => false;

    /// <summary>The post groups this target serves (<see cref="Post.Group"/>); empty serves every group.</summary>
    IReadOnlyCollection<string> Groups => [];

    /// <summary>
    /// True for a target whose format can carry the camera picture of an alarm (webhook: a signed link;
    /// CAP: a resource). Such a target gets the picture with the alarm when it is stored before the alarm is
    /// delivered, and otherwise as a follow-up delivery of its own (<see cref="OutboxKind.Snapshot"/>).
    /// </summary>
    bool CarriesSnapshots => false;

    /// <summary>Delivers one alarm. Returns rather than throws for anything the target did.</summary>
    Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>
/// What a sink is asked to deliver: the outbox row (<see cref="Attempts"/> made before this one) and the
/// alarm, with the post as the registry knows it now (null if it has gone from the registry).
/// <see cref="Kind"/> says whether this is the alarm or the follow-up with its camera picture
/// (<see cref="OutboxKind"/>). <see cref="Snapshot"/> is the stored camera picture, set by the relay for a
/// target that <see cref="IDispatchSink.CarriesSnapshots"/> when there is one; <see cref="SnapshotUrl"/> is the
/// signed link to it when the gateway has a public address (<c>Gateway:Snapshot:PublicBaseUrl</c>).
/// </summary>
public sealed record DispatchEnvelope(
    long OutboxId,
    string Target,
    string IdempotencyKey,
    int Attempts,
    AlarmRecord Alarm,
    Post? Post,
    Uri? SnapshotUrl = null,
    string Kind = OutboxKind.Alarm,
    Snapshots.StoredSnapshot? Snapshot = null);

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
