namespace SosPost.NanoReference.Listings;

/// <summary>Every type of a set of listings by name: base classes and interfaces may live in another assembly.</summary>
internal sealed class ApiCatalog
{
    private readonly Dictionary<string, ApiType> _types = new(StringComparer.Ordinal);

    public ApiCatalog(IEnumerable<ApiListing> listings)
    {
        foreach (var listing in listings)
        {
            foreach (var type in listing.Types)
            {
                Add(type);
            }
        }
    }

    public ApiType? Find(string typeName) => _types.GetValueOrDefault(typeName);

    /// <summary>Whether a TypeSig names a struct or enum; arrays and generic parameters are not known to be.</summary>
    public bool IsValueType(string typeSig)
    {
        if (typeSig.EndsWith(']') || typeSig.EndsWith('*') || typeSig.StartsWith('!'))
        {
            return false;
        }

        var genericOpen = typeSig.IndexOf('<', StringComparison.Ordinal);
        var name = genericOpen < 0 ? typeSig : typeSig[..genericOpen];
        return Find(name)?.Kind is ApiTypeKind.Struct or ApiTypeKind.Enum;
    }

    private void Add(ApiType type)
    {
        if (!_types.TryAdd(type.Name, type))
        {
            throw new FormatException($"type {type.Name} is listed by two assemblies");
        }

        foreach (var nested in type.NestedTypes)
        {
            Add(nested);
        }
    }
}
