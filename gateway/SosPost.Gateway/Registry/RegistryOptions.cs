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
            yield return $"SeedFile '{Path.GetFullPath(SeedFile)}' does not exist.";
        }
    }
}
