using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SosPost.NanoReference;

namespace SosPost.NanoProof.Tests.Support;

/// <summary>The generated assemblies seen through Roslyn's symbols, to check what a listing line turned into.</summary>
internal static class PackSymbols
{
    private static readonly Lazy<CSharpCompilation> Compilation = new(() => CSharpCompilation.Create(
        "inspection",
        references: ReferencePack.Embedded.Assemblies.Select(a => MetadataReference.CreateFromImage(a.Image))));

    public static INamedTypeSymbol? Find(string metadataName) => Compilation.Value.GetTypeByMetadataName(metadataName);

    public static INamedTypeSymbol Type(string metadataName)
        => Find(metadataName) ?? throw new Xunit.Sdk.XunitException($"{metadataName} is not in the reference pack");

    public static IAssemblySymbol? AssemblyOf(string metadataName) => Find(metadataName)?.ContainingAssembly;

    /// <summary>A type as declared by one assembly of the pack (two assemblies may not both declare it).</summary>
    public static INamedTypeSymbol? FindIn(string assemblyName, string metadataName)
    {
        var assembly = Compilation.Value.References
            .Select(Compilation.Value.GetAssemblyOrModuleSymbol)
            .OfType<IAssemblySymbol>()
            .Single(a => a.Name == assemblyName);
        return assembly.GetTypeByMetadataName(metadataName);
    }
}
