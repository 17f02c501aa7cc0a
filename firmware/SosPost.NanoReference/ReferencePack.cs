using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SosPost.NanoReference.Generation;
using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference;

/// <summary>
/// The nanoFramework reference assemblies in dependency order, mscorlib first. An assembly whose NuGet package is
/// served here (mscorlib) is the real one; every other is generated from its API listing and compiled with Roslyn
/// against the assemblies before it, with no standard library (<c>csc -nostdlib</c>).
/// </summary>
public sealed class ReferencePack
{
    // nanoFramework signs every library with this key (public key token c07d481e9758c731; ../nanoframework-api/NOTES.md, section 10).
    // Public-signing with it gives the generated assemblies the same identity as the real ones.
    private const string NanoFrameworkPublicKey =
        "00240000048000009400000006020000002400005253413100040000010001001120aa3e809b3da4f65e1b1f65c0a3a1bf6335c3" +
        "9860ca41acb3c48de278c6b63c5df38239ec1f2e32d58cb897c8c174a5f8e78a9c0b6087d3aef373d7d0f3d9be67700fc2a5a38d" +
        "e1fb71b5b6f6046d841ff35abee2e0b0840a6291a312be184eb311baff5fef0ff6895b9a5f2253aed32fb06b819134f6bb9d5314" +
        "88a87ea2";

    private static readonly Lazy<ReferencePack> EmbeddedPack = new(() => Build(ListingReader.ReadEmbedded(), PackagedAssemblies.ReadEmbedded()));

    private readonly Dictionary<string, ReferenceAssembly> _byName;

    private ReferencePack(IReadOnlyList<ReferenceAssembly> assemblies, TimeSpan buildTime)
    {
        Assemblies = assemblies;
        BuildTime = buildTime;
        _byName = assemblies.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    /// <summary>The pack built once per process from the listings and packaged assemblies embedded in this assembly.</summary>
    public static ReferencePack Embedded => EmbeddedPack.Value;

    /// <summary>Every assembly in build order (each after the assemblies it references).</summary>
    public IReadOnlyList<ReferenceAssembly> Assemblies { get; }

    /// <summary>How long loading, generating and compiling took.</summary>
    public TimeSpan BuildTime { get; }

    public bool Succeeded => Assemblies.All(a => a.Succeeded);

    public ReferenceAssembly? Find(string assemblyName) => _byName.GetValueOrDefault(assemblyName);

    /// <summary>Writes <c>NAME.dll</c> for every assembly into <paramref name="directory"/>.</summary>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        EnsureSucceeded();
        Directory.CreateDirectory(directory);
        return [.. Assemblies.Select(assembly =>
        {
            var path = Path.Combine(directory, assembly.Name + ".dll");
            File.WriteAllBytes(path, [.. assembly.Image]);
            return path;
        })];
    }

    internal MetadataReference Reference(string assemblyName)
    {
        EnsureSucceeded();
        return Find(assemblyName)?.Reference ?? throw new ArgumentException(
            $"'{assemblyName}' is not in the nanoFramework reference pack; it has {string.Join(", ", Assemblies.Select(a => a.Name))}",
            nameof(assemblyName));
    }

    private void EnsureSucceeded()
    {
        if (!Succeeded)
        {
            var failures = Assemblies.Where(a => !a.Succeeded)
                .Select(a => $"{a.Name}:\n  " + string.Join("\n  ", a.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            throw new InvalidOperationException("the reference pack did not build:\n" + string.Join('\n', failures));
        }
    }

    private static ReferencePack Build(IReadOnlyList<ApiListing> listings, IReadOnlyDictionary<string, ImmutableArray<byte>> packaged)
    {
        var clock = Stopwatch.StartNew();

        // The catalog keeps every listing, packaged ones included: generating a type needs to know whether the
        // types it names (from mscorlib, say) are structs.
        var catalog = new ApiCatalog(listings);
        var built = new Dictionary<string, ReferenceAssembly>(StringComparer.Ordinal);
        var ordered = new List<ReferenceAssembly>();
        foreach (var listing in BuildOrder.Of(listings))
        {
            var references = listing.ReferencedAssemblies.Select(name => built[name].Reference).OfType<MetadataReference>();
            var assembly = packaged.TryGetValue(listing.AssemblyName, out var image)
                ? FromPackage(listing, image)
                : Compile(listing, ReferenceSourceGenerator.Generate(listing, catalog), references);
            built.Add(listing.AssemblyName, assembly);
            ordered.Add(assembly);
        }

        return new ReferencePack(ordered, clock.Elapsed);
    }

    private static ReferenceAssembly FromPackage(ApiListing listing, ImmutableArray<byte> image)
    {
        using var pe = new PEReader(image);
        var identity = pe.GetMetadataReader().GetAssemblyDefinition().GetAssemblyName();
        if (identity.Name != listing.AssemblyName)
        {
            throw new InvalidOperationException($"the packaged assembly for listing {listing.AssemblyName} is named {identity.Name}");
        }

        return new ReferenceAssembly(listing.AssemblyName, identity.Version!, listing.ReferencedAssemblies, source: null, image, diagnostics: []);
    }

    private static ReferenceAssembly Compile(ApiListing listing, string source, IEnumerable<MetadataReference> references)
    {
        var tree = CSharpSyntaxTree.ParseText(
            source,
            new CSharpParseOptions(LanguageVersion.Latest),
            path: listing.AssemblyName + ".cs",
            encoding: System.Text.Encoding.UTF8);
        var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true)
            .WithCryptoPublicKey(Convert.FromHexString(NanoFrameworkPublicKey).ToImmutableArray())
            .WithPublicSign(true);
        var compilation = CSharpCompilation.Create(listing.AssemblyName, [tree], references, options);

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var diagnostics = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new ReferenceAssembly(
            listing.AssemblyName,
            listing.AssemblyVersion,
            listing.ReferencedAssemblies,
            source,
            result.Success ? image.ToArray().ToImmutableArray() : [],
            diagnostics);
    }
}
