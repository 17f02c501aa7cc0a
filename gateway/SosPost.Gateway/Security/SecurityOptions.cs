using SosPost.Protocol.Security;

namespace SosPost.Gateway.Security;

/// <summary>Gateway:Security: how intake authenticates what posts send (docs/security.md, "Message authentication").</summary>
public sealed class SecurityOptions : IValidatedOptions
{
    /// <summary>
    /// Reject every post message that is not signed with its post's key (reason <c>bad-mac</c>). Default true.
    /// False only while migrating a fleet of posts without keys: an unsigned message is then accepted, a signed one
    /// still verified.
    /// </summary>
    public bool RequireMessageAuth { get; set; } = true;

    /// <summary>
    /// The master secret post keys are derived from (64 hex characters, 32 bytes; <c>openssl rand -hex 32</c>).
    /// <c>sospost provision</c> derives the same keys from it. Never logged.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>The master key as bytes, or null when not set.</summary>
    public byte[]? MasterKeyBytes => MessageAuth.ParseKey(MasterKey);

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(MasterKey) && MasterKeyBytes is null)
        {
            yield return "MasterKey must be 64 hex characters (32 bytes), e.g. the output of `openssl rand -hex 32`";
        }
        else if (RequireMessageAuth && MasterKeyBytes is null)
        {
            yield return "MasterKey is required while RequireMessageAuth is on: every post message is verified with a key derived from it";
        }
    }
}
