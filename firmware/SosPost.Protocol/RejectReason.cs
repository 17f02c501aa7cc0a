namespace SosPost.Protocol;

/// <summary>Why a message was rejected; the strings appear in logs and metrics labels.</summary>
public static class RejectReason
{
    public const string UnknownTopic = "unknown-topic";
    public const string TooLarge = "too-large";
    public const string NotJson = "not-json";
    public const string UnsupportedVersion = "unsupported-version";
    public const string MissingField = "missing-field";
    public const string BadField = "bad-field";
    public const string UnknownPost = "unknown-post";

    /// <summary>(gateway) the message is not signed with the post's key: forged, altered or unsigned.</summary>
    public const string BadMac = "bad-mac";

    /// <summary>(gateway) a correctly signed message whose counter was seen before: a copy replayed.</summary>
    public const string Replay = "replay";
}
