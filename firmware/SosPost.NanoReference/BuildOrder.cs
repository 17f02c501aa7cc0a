using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference;

/// <summary>Orders listings so each comes after the assemblies its <c># referenced assemblies:</c> header names.</summary>
internal static class BuildOrder
{
    public static IReadOnlyList<ApiListing> Of(IReadOnlyList<ApiListing> listings)
    {
        var byName = listings.ToDictionary(l => l.AssemblyName, StringComparer.Ordinal);
        var ordered = new List<ApiListing>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: in progress, true: placed

        void Visit(ApiListing listing, string path)
        {
            if (state.TryGetValue(listing.AssemblyName, out var placed))
            {
                if (!placed)
                {
                    throw new InvalidOperationException($"the listings reference each other in a cycle: {path}");
                }

                return;
            }

            state[listing.AssemblyName] = false;
            foreach (var name in listing.ReferencedAssemblies)
            {
                var referenced = byName.GetValueOrDefault(name)
                    ?? throw new InvalidOperationException($"{listing.AssemblyName} references {name}, which has no listing");
                Visit(referenced, $"{path} -> {name}");
            }

            state[listing.AssemblyName] = true;
            ordered.Add(listing);
        }

        // Ordinal order among independent listings keeps the build order stable.
        foreach (var listing in listings.OrderBy(l => l.AssemblyName, StringComparer.Ordinal))
        {
            Visit(listing, listing.AssemblyName);
        }

        return ordered;
    }
}
