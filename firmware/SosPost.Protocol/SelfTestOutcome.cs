namespace SosPost.Protocol;

/// <summary>The result of one check of a self-test (lamp, camera, link, storage).</summary>
public static class SelfTestOutcome
{
    public const string Pass = "pass";
    public const string Fail = "fail";

    /// <summary>Not tested: the post has no such part (no camera), or the check could not run.</summary>
    public const string Skip = "skip";
}
