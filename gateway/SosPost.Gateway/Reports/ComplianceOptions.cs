namespace SosPost.Gateway.Reports;

/// <summary><c>Gateway:Compliance</c>: the self-test compliance report.</summary>
public sealed class ComplianceOptions : IValidatedOptions
{
    public const int MaxDays = 3650;

    /// <summary>A post whose last passed self-test is older than this many days (or that has none) is listed.</summary>
    public int Days { get; set; } = 30;

    public IEnumerable<string> Validate()
    {
        if (Days is < 1 or > MaxDays)
        {
            yield return $"Days must be 1 to {MaxDays}.";
        }
    }
}
