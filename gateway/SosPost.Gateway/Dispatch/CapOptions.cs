namespace SosPost.Gateway.Dispatch;

/// <summary><c>Gateway:Cap</c>: the OASIS CAP 1.2 target; no Url, no CAP target.</summary>
public sealed class CapOptions : IValidatedOptions
{
    /// <summary>Absolute http or https URL that receives each alarm as a CAP 1.2 alert (POST).</summary>
    public string? Url { get; set; }

    /// <summary>CAP <c>sender</c>: identifies this gateway to the receiver; no spaces, commas, &lt; or &amp;.</summary>
    public string Sender { get; set; } = "sospost@gateway";

    /// <summary>CAP <c>senderName</c>: the gateway as a person reads it.</summary>
    public string SenderName { get; set; } = "SosPost gateway";

    /// <summary>CAP <c>restriction</c>: who may see the alert (scope is Restricted: it places a person in distress).</summary>
    public string Restriction { get; set; } = "Police and emergency dispatch only; not for public warning.";

    /// <summary>Radius of the CAP <c>circle</c> around the post, in km.</summary>
    public double RadiusKm { get; set; } = 0.05;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The post groups (registry field <c>group</c>) whose alarms this target gets; empty: every group.</summary>
    public List<string> Groups { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate()
    {
        if (Enabled && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return $"Url '{Url}' must be an absolute http or https URL.";
        }

        if (string.IsNullOrWhiteSpace(Sender) || Sender.IndexOfAny([' ', ',', '<', '&']) >= 0)
        {
            yield return $"Sender '{Sender}' must be non-empty without spaces, commas, '<' or '&'.";
        }

        if (string.IsNullOrWhiteSpace(SenderName))
        {
            yield return "SenderName must not be empty.";
        }

        if (string.IsNullOrWhiteSpace(Restriction))
        {
            yield return "Restriction must not be empty: the alert's scope is Restricted.";
        }

        if (!(RadiusKm > 0 && RadiusKm <= 100))
        {
            yield return "RadiusKm must be more than 0 and at most 100.";
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
