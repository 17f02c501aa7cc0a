namespace SosPost.Gateway.Registry;

/// <summary><c>Gateway:Registry</c>.</summary>
public sealed class RegistryOptions : IValidatedOptions
{
    /// <summary>
    /// A posts file (<c>{"posts":[{"id":...}]}</c>) upserted into the registry at every start.
    /// Null: the registry is whatever the database already holds.
    /// </summary>
    public string? SeedFile { get; set; }

    public IEnumerable<string> Validate()
    {
        if (SeedFile is not null && !File.Exists(SeedFile))
        {
            // An empty path or one with a NUL has no full path: name it as given rather than throw.
            yield return SeedFile.Length == 0 || SeedFile.Contains('\0', StringComparison.Ordinal)
                ? $"SeedFile '{SeedFile.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a file path."
                : $"SeedFile '{Path.GetFullPath(SeedFile)}' does not exist.";
        }
    }
}
