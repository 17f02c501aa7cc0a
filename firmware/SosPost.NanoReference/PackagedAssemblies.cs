using System.Collections.Immutable;

namespace SosPost.NanoReference;

/// <summary>
/// The real nanoFramework assemblies embedded in this assembly from their NuGet packages (today only mscorlib,
/// from nanoFramework.CoreLibrary): the pack uses them as they are instead of generating them from their listings.
/// </summary>
internal static class PackagedAssemblies
{
    private const string ResourcePrefix = "assemblies/";
    private const string ResourceSuffix = ".dll";

    /// <summary>Each embedded assembly's image by assembly name.</summary>
    public static IReadOnlyDictionary<string, ImmutableArray<byte>> ReadEmbedded()
    {
        var assembly = typeof(PackagedAssemblies).Assembly;
        var images = new Dictionary<string, ImmutableArray<byte>>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"resource {resource} vanished");
            using var image = new MemoryStream();
            stream.CopyTo(image);
            images.Add(resource[ResourcePrefix.Length..^ResourceSuffix.Length], [.. image.ToArray()]);
        }

        return images;
    }
}
