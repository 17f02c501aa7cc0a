using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Escalation;

/// <summary>
/// <c>Gateway:Escalation</c>: an alarm no dispatcher acknowledges within <see cref="After"/> goes to a second target,
/// <c>Gateway:Escalation:Webhook</c> (a webhook like <c>Gateway:Webhook</c>, with its own Url and Secret). No Url, no escalation.
/// </summary>
public sealed class EscalationOptions : IValidatedOptions
{
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often unacknowledged alarms are looked at; an alarm is escalated at most this late.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public WebhookOptions Webhook { get; set; } = new();

    public bool Enabled => Webhook.Enabled;

    public IEnumerable<string> Validate()
    {
        if (After < TimeSpan.FromSeconds(1) || After > TimeSpan.FromDays(1))
        {
            yield return "After must be 1 second to 1 day.";
        }

        if (CheckInterval <= TimeSpan.Zero || CheckInterval > TimeSpan.FromMinutes(1))
        {
            yield return "CheckInterval must be positive and at most 1 minute.";
        }

        foreach (var error in Webhook.Validate())
        {
            yield return "Webhook:" + error;
        }
    }
}
