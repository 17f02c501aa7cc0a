namespace SosPost.Gateway.Storage;

/// <summary><c>Gateway:Store</c>: where alarms, the dispatch outbox and the registry are kept.</summary>
public sealed class StoreOptions : IValidatedOptions
{
    /// <summary>SQLite database file; relative paths are relative to the working directory.</summary>
    public string SqlitePath { get; set; } = "data/sospost.db";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return "SqlitePath must name a database file.";
        }
    }
}
