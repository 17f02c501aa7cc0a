namespace SosPost.Gateway.Dispatch.Sia;

/// <summary><c>Gateway:Sia</c>: the SIA DC-09 alarm receiving centre; no Host, no sia target.</summary>
public sealed class SiaOptions : IValidatedOptions
{
    public string? Host { get; set; }

    public int Port { get; set; }

    public SiaTransport Transport { get; set; } = SiaTransport.Tcp;

    public SiaProtocol Protocol { get; set; } = SiaProtocol.SiaDcs;

    /// <summary>The account the centre knows this gateway by: 3 to 16 hex digits.</summary>
    public string Account { get; set; } = "";

    /// <summary>Receiver number (<c>R</c>), 1 to 6 hex digits; unset leaves it out of the frame.</summary>
    public string? Receiver { get; set; }

    /// <summary>Account prefix / line (<c>L</c>), 1 to 6 hex digits.</summary>
    public string Line { get; set; } = "0";

    /// <summary>AES key as hex (32, 48 or 64 digits); unset sends in clear. Never logged.</summary>
    public string? Key { get; set; }

    /// <summary>How long to wait for ACK/NAK/DUH (and for the TCP connection); UDP resends after it.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>UDP sends per message before the delivery is retried later.</summary>
    public int UdpAttempts { get; set; } = 3;

    /// <summary>Interval of NULL supervision messages; unset sends none.</summary>
    public TimeSpan? NullInterval { get; set; }

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The post groups (registry field <c>group</c>) whose alarms this target gets; empty: every group.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>
    /// Per post (<c>Gateway:Sia:Posts:{postId}:Account</c> / <c>:Zone</c>): the account and zone the centre knows it by.
    /// A post not listed, or without an Account, is sent with <see cref="Account"/>; without a Zone, with its default
    /// zone (<see cref="SiaPostMap.DefaultZone"/>).
    /// </summary>
    public Dictionary<string, SiaPostOptions> Posts { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public byte[]? KeyBytes => string.IsNullOrEmpty(Key) ? null : Convert.FromHexString(Key);

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return "Port must be between 1 and 65535.";
        }

        if (!IsHex(Account, 3, 16))
        {
            yield return $"Account '{Account}' must be 3 to 16 hex digits.";
        }

        if (Receiver is not null && !IsHex(Receiver, 1, 6))
        {
            yield return $"Receiver '{Receiver}' must be 1 to 6 hex digits.";
        }

        if (!IsHex(Line, 1, 6))
        {
            yield return $"Line '{Line}' must be 1 to 6 hex digits.";
        }

        // The value is a secret: the message never repeats it.
        if (!string.IsNullOrEmpty(Key) && !(Key.Length is 32 or 48 or 64 && IsHex(Key, 32, 64)))
        {
            yield return "Key must be 32, 48 or 64 hex digits (an AES-128, -192 or -256 key).";
        }

        foreach (var (postId, post) in Posts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!SosPost.Protocol.Topics.IsValidPostId(postId))
            {
                yield return $"Posts:{postId}: '{postId}' is not a post id.";
            }

            if (post.Account is not null && !IsHex(post.Account, 3, 16))
            {
                yield return $"Posts:{postId}:Account '{post.Account}' must be 3 to 16 hex digits.";
            }

            if (post.Zone is < SiaPostMap.MinZone or > SiaPostMap.MaxZone)
            {
                yield return $"Posts:{postId}:Zone {post.Zone} must be {SiaPostMap.MinZone} to {SiaPostMap.MaxZone} (three digits in Contact ID).";
            }
        }

        // Two posts on one zone of one account would send police to one of them for the other's alarm.
        foreach (var clash in Posts
            .Where(p => p.Value.Zone is not null)
            .GroupBy(p => (Account: (p.Value.Account ?? Account).ToUpperInvariant(), p.Value.Zone))
            .Where(g => g.Count() > 1))
        {
            yield return $"Posts: {string.Join(", ", clash.Select(p => p.Key).Order(StringComparer.Ordinal))} share account {clash.Key.Account} zone {clash.Key.Zone}.";
        }

        if (AckTimeout <= TimeSpan.Zero)
        {
            yield return "AckTimeout must be positive.";
        }

        if (UdpAttempts < 1)
        {
            yield return "UdpAttempts must be at least 1.";
        }

        if (NullInterval is { } interval && interval <= TimeSpan.Zero)
        {
            yield return "NullInterval must be positive when set.";
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

    internal static bool IsHex(string? value, int min, int max) =>
        value is not null && value.Length >= min && value.Length <= max && value.All(char.IsAsciiHexDigit);
}

/// <summary><c>Gateway:Sia:Posts:{postId}</c>: how the alarm receiving centre knows one post.</summary>
public sealed class SiaPostOptions
{
    /// <summary>3 to 16 hex digits; unset: <c>Gateway:Sia:Account</c>.</summary>
    public string? Account { get; set; }

    /// <summary>1 to 999; unset: the post's default zone.</summary>
    public int? Zone { get; set; }
}
