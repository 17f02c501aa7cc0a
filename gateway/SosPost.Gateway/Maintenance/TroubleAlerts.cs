using SosPost.Gateway.Events;

namespace SosPost.Gateway.Maintenance;

/// <summary>
/// Keeps each post's trouble alerts in step with its events. After every event (new or re-sent) the alert of its
/// type follows the rule of the protocol: open while the post's latest event of that type (by event id) is active.
/// Reconciling rather than applying the one event makes it order-proof and repairs an alert a crash left behind.
/// </summary>
public sealed class TroubleAlerts(IEventStore events, IMaintenanceAlertStore alerts, MaintenanceMetrics metrics, ILogger<TroubleAlerts> logger)
{
    public async Task ApplyAsync(PostEvent postEvent, CancellationToken cancellationToken)
    {
        var open = (await events.OpenTroublesAsync(cancellationToken))
            .FirstOrDefault(e => e.PostId == postEvent.PostId && e.Type == postEvent.Type);
        if (open is not null)
        {
            var raised = await alerts.RaiseAsync(
                new NewMaintenanceAlert(open.PostId, open.Type, MaintenanceAlertSource.Event(open.EventId), open.At ?? open.ReceivedAt),
                cancellationToken);
            if (raised is not null)
            {
                metrics.Raised(raised.Type);
                logger.LogInformation("Maintenance alert {AlertId}: post {PostId} {AlertType} raised (event {EventId})", raised.Id, raised.PostId, raised.Type, open.EventId);
            }
        }
        else if (!postEvent.Active)
        {
            var cleared = await alerts.ClearAsync(
                postEvent.PostId, postEvent.Type, MaintenanceAlertSource.Event(postEvent.EventId), postEvent.At ?? postEvent.ReceivedAt, cancellationToken);
            if (cleared is not null)
            {
                logger.LogInformation("Maintenance alert {AlertId}: post {PostId} {AlertType} cleared (event {EventId})", cleared.Id, cleared.PostId, cleared.Type, postEvent.EventId);
            }
        }
    }
}
