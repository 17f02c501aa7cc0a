using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Dispatch;

/// <summary>The <c>Groups</c> option every dispatch target has: the post groups it serves, empty for all.</summary>
public static class TargetGroups
{
    /// <summary>One sentence per bad entry, naming it (<c>Groups:N</c>).</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<string> groups)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            if (!PostFields.IsValidGroup(groups[i]))
            {
                yield return $"Groups:{i} '{groups[i]}' {PostFields.GroupRule}";
            }
            else if (!seen.Add(groups[i]))
            {
                yield return $"Groups:{i} '{groups[i]}' is listed twice.";
            }
        }
    }
}
