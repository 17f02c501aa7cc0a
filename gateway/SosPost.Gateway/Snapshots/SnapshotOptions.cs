using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// <c>Gateway:Snapshot</c>: fetching the camera picture of an alarm from the post's camera (registry field
/// <c>camera</c>), and the signed links dispatch targets fetch it by. Posts without a camera get no fetch.
/// </summary>
public sealed class SnapshotOptions : IValidatedOptions
{
    /// <summary>Shortest link key: an HMAC key that can be guessed lets anyone read every picture.</summary>
    public const int MinLinkKeyLength = 32;

    /// <summary>One attempt's limit, connect to last byte: a camera that has not answered by then is tried again.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per alarm; only a failure that may pass (no connection, no answer, HTTP 5xx) is tried again.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt, doubled before each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest picture taken; a larger one is refused as too-large, not cut.</summary>
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Pictures waiting to be fetched; when full, a new alarm's picture is not fetched (counted, logged).</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Cameras fetched at once, so one dead camera does not hold up another post's picture.</summary>
    public int MaxParallelFetches { get; set; } = 4;

    /// <summary>
    /// Camera logins: one without <see cref="SnapshotCredential.Group"/> is the default, others apply to the
    /// cameras of the posts of that group. Basic and digest authentication both work. Never logged.
    /// </summary>
    public List<SnapshotCredential> Credentials { get; set; } = [];

    /// <summary>
    /// The gateway's address as dispatch targets reach it (e.g. <c>https://sospost.example</c>); the signed links
    /// are <c>{PublicBaseUrl}/snapshots/{alarm row id}?exp=...&amp;sig=...</c>. Unset: the webhook gets no
    /// picture (CAP still gets it inline).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>HMAC-SHA256 key of the links, at least <see cref="MinLinkKeyLength"/> characters. Never logged.</summary>
    public string? LinkKey { get; set; }

    /// <summary>How long a link works after the delivery that carried it was sent.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>True when links can be made: a public address and a key.</summary>
    public bool LinksEnabled => !string.IsNullOrWhiteSpace(PublicBaseUrl) && !string.IsNullOrEmpty(LinkKey);

    /// <summary>The login for a camera of a post in <paramref name="group"/>: the group's own, else the default, else none.</summary>
    public SnapshotCredential? CredentialFor(string group) =>
        Credentials.FirstOrDefault(c => string.Equals(c.Group, group, StringComparison.Ordinal))
        ?? Credentials.FirstOrDefault(c => string.IsNullOrEmpty(c.Group));

    public IEnumerable<string> Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            yield return "Timeout must be positive and at most 1 minute.";
        }

        if (MaxAttempts is < 1 or > 10)
        {
            yield return "MaxAttempts must be 1 to 10.";
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            yield return "RetryDelay must be 0 to 1 minute.";
        }

        if (MaxBytes is < 1024 or > 20 * 1024 * 1024)
        {
            yield return "MaxBytes must be 1024 to 20971520 (20 MiB).";
        }

        if (QueueCapacity < 1)
        {
            yield return "QueueCapacity must be at least 1.";
        }

        if (MaxParallelFetches < 1)
        {
            yield return "MaxParallelFetches must be at least 1.";
        }

        var groups = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Credentials.Count; i++)
        {
            var credential = Credentials[i];
            var group = credential.Group ?? string.Empty;
            if (group.Length > 0 && !PostFields.IsValidGroup(group))
            {
                yield return $"Credentials:{i}:Group '{group}' {PostFields.GroupRule}";
            }
            else if (!groups.Add(group))
            {
                yield return group.Length == 0
                    ? $"Credentials:{i} is a second default login (no Group); give each one a Group."
                    : $"Credentials:{i}:Group '{group}' has a login already.";
            }

            if (string.IsNullOrWhiteSpace(credential.UserName))
            {
                yield return $"Credentials:{i}:UserName is missing.";
            }

            // The password is a secret: no message repeats it.
            if (credential.Password is null)
            {
                yield return $"Credentials:{i}:Password is missing.";
            }
        }

        if (!string.IsNullOrWhiteSpace(PublicBaseUrl)
            && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var baseUrl) && (baseUrl.Scheme == Uri.UriSchemeHttp || baseUrl.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(baseUrl.Query)))
        {
            yield return $"PublicBaseUrl '{PublicBaseUrl}' must be an absolute http or https URL without a query.";
        }

        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && string.IsNullOrEmpty(LinkKey))
        {
            yield return "LinkKey must be set with PublicBaseUrl: it signs the links.";
        }

        if (LinkKey is { Length: > 0 and < MinLinkKeyLength })
        {
            yield return $"LinkKey must be at least {MinLinkKeyLength} characters.";
        }

        if (LinkLifetime < TimeSpan.FromMinutes(1) || LinkLifetime > TimeSpan.FromDays(30))
        {
            yield return "LinkLifetime must be 1 minute to 30 days.";
        }
    }
}

/// <summary>A camera login (<c>Gateway:Snapshot:Credentials:N</c>); no <see cref="Group"/>: the default one.</summary>
public sealed class SnapshotCredential
{
    public string? Group { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>A secret: never logged, never shown.</summary>
    public string? Password { get; set; }

    /// <summary>The options binder prints objects it fails on; this one never shows its password.</summary>
    public override string ToString() => $"{UserName} ({(string.IsNullOrEmpty(Group) ? "default" : Group)})";
}
