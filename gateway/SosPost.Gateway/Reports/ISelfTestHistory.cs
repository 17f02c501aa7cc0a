using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Reports;

/// <summary>What the compliance report needs beyond the latest self-test of each post.</summary>
public interface ISelfTestHistory
{
    /// <summary>The latest passed (<c>ok</c>) report, by time received, of each post that has one.</summary>
    Task<IReadOnlyList<SelfTestReport>> LastPassedAsync(CancellationToken cancellationToken);
}
