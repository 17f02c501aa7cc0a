using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SosPost.NanoReference;

/// <summary>
/// One assembly of the pack: the real one from its NuGet package, or one generated from its listing, named,
/// versioned and signed like nanoFramework's own.
/// </summary>
public sealed class ReferenceAssembly
{
    internal ReferenceAssembly(
        string name,
        Version version,
        IReadOnlyList<string> referencedAssemblies,
        string? source,
        ImmutableArray<byte> image,
        ImmutableArray<Diagnostic> diagnostics)
    {
        Name = name;
        Version = version;
        ReferencedAssemblies = referencedAssemblies;
        Source = source;
        Image = image;
        Diagnostics = diagnostics;
        Reference = image.IsDefaultOrEmpty ? null : MetadataReference.CreateFromImage(image, filePath: name + ".dll");
    }

    /// <summary>The assembly name, e.g. <c>mscorlib</c> or <c>System.Device.Gpio</c>.</summary>
    public string Name { get; }

    public Version Version { get; }

    /// <summary>From the listing's <c># referenced assemblies:</c> header.</summary>
    public IReadOnlyList<string> ReferencedAssemblies { get; }

    /// <summary>The generated C# reference source; null for an assembly taken from its package.</summary>
    public string? Source { get; }

    /// <summary>Whether the assembly was generated from its listing rather than taken from its NuGet package.</summary>
    public bool IsGenerated => Source != null;

    /// <summary>The compiled assembly; empty when its compilation failed.</summary>
    public ImmutableArray<byte> Image { get; }

    /// <summary>Warnings and errors of its compilation (the source disables warnings, so normally none).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    internal MetadataReference? Reference { get; }

    public bool Succeeded => Reference != null && !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
