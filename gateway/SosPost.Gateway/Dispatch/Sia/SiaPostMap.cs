using System.Text;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>The account and zone an event of a post is sent with.</summary>
public readonly record struct SiaAddress(string Account, int Zone);

/// <summary>
/// Maps posts to SIA accounts and zones: <c>Gateway:Sia:Posts</c> first, else the gateway's account and a default
/// zone computed from the post id alone, so it is the same on every gateway and after every restart or registry change.
/// </summary>
public sealed class SiaPostMap(string account, IReadOnlyDictionary<string, SiaPostOptions> posts)
{
    public const int MinZone = 1;

    /// <summary>Contact ID carries the zone in three digits.</summary>
    public const int MaxZone = 999;

    public static SiaPostMap From(SiaOptions options) => new(options.Account, options.Posts);

    /// <summary>The gateway's own account: NULL supervision messages, and posts without one of their own.</summary>
    public string Account => account;

    public SiaAddress For(string postId)
    {
        var configured = posts.GetValueOrDefault(postId);
        return new SiaAddress(configured?.Account ?? account, configured?.Zone ?? DefaultZone(postId));
    }

    /// <summary>
    /// 1 + FNV-1a 32 of the post id's UTF-8 bytes modulo 999. Stable, but two posts can share one: give each post its
    /// zone in <c>Gateway:Sia:Posts</c> and agree the list with the centre.
    /// </summary>
    public static int DefaultZone(string postId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(postId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return MinZone + (int)(hash % MaxZone);
    }
}
