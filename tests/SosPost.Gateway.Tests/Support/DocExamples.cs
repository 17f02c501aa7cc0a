namespace SosPost.Gateway.Tests.Support;

/// <summary>The fenced examples of docs/dispatch-integration.md, which are test vectors.</summary>
public static class DocExamples
{
    /// <summary>The text of the block opened by <paramref name="fence"/> (e.g. <c>```xml example=cap</c>).</summary>
    public static string Block(string fence)
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "dispatch-integration.md"));
        var start = doc.IndexOf(fence, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/dispatch-integration.md has no {fence} block");
        start = doc.IndexOf('\n', start) + 1;
        return doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
