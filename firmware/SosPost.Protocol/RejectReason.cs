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
}
