namespace SosPost.Gateway.Dispatch;

/// <summary><c>Gateway:Webhook</c>: the dispatch webhook; no Url, no webhook target.</summary>
public sealed class WebhookOptions : IValidatedOptions
{
    /// <summary>Absolute http or https URL that receives each alarm as a JSON POST.</summary>
    public string? Url { get; set; }

    /// <summary>Key of each delivery's HMAC-SHA256 signature (<see cref="WebhookSignature"/>); unset, deliveries are unsigned. Never logged.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The post groups (registry field <c>group</c>) whose alarms this target gets; empty: every group.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Short secrets can be guessed offline from one signed delivery.</summary>
    public const int MinSecretLength = 16;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate()
    {
        if (Enabled && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return $"Url '{Url}' must be an absolute http or https URL.";
        }

        if (Secret is { Length: > 0 and < MinSecretLength })
        {
            yield return $"Secret must be at least {MinSecretLength} characters.";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return "Timeout must be positive.";
        }

        if (InitialBackoff <= TimeSpan.Zero)
        {
            yield return "InitialBackoff must be positive.";
        }

        if (MaxBackoff < InitialBackoff)
        {
            yield return "MaxBackoff must be at least InitialBackoff.";
        }

        foreach (var error in TargetGroups.Validate(Groups))
        {
            yield return error;
        }
    }
}
