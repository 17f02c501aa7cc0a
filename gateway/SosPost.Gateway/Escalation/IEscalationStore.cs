using SosPost.Gateway.Alarms;

namespace SosPost.Gateway.Escalation;

/// <summary>Escalation of unacknowledged alarms, durable and once per alarm.</summary>
public interface IEscalationStore
{
    /// <summary>
    /// Escalates every real (not test) alarm received at or before <paramref name="receivedBefore"/> that no dispatcher
    /// has acknowledged and that is not escalated yet: records <paramref name="at"/> as its escalation time and adds a
    /// pending outbox row for <paramref name="target"/>, both in one transaction. Returns the alarms escalated by this
    /// call; an alarm is escalated once however many gateways check, and whatever restarts.
    /// </summary>
    Task<IReadOnlyList<AlarmRecord>> EscalateDueAsync(DateTimeOffset receivedBefore, DateTimeOffset at, string target, int max, CancellationToken cancellationToken);
}
