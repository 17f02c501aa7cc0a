using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SosPost.NanoReference;

/// <summary>The outcome of compiling sources against the nanoFramework reference pack.</summary>
public sealed class NanoCompilation
{
    internal NanoCompilation(string assemblyName, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<byte> image)
    {
        AssemblyName = assemblyName;
        Diagnostics = diagnostics;
        Image = image;
        Reference = image.IsDefaultOrEmpty ? null : MetadataReference.CreateFromImage(image, filePath: assemblyName + ".dll");
    }

    public string AssemblyName { get; }

    /// <summary>The compiler's warnings and errors, binding and emit (lowering) alike, in source order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    /// <summary>The compiled assembly; empty when there were errors.</summary>
    public ImmutableArray<byte> Image { get; }

    public bool Succeeded => Reference != null;

    internal MetadataReference? Reference { get; }

    /// <summary>A summary line and every diagnostic, one per line, as csc prints them.</summary>
    public string Report()
    {
        var lines = new List<string> { $"{AssemblyName}: {Errors.Count()} error(s), {Warnings.Count()} warning(s)" };
        lines.AddRange(Diagnostics.Select(d => "  " + d));
        return string.Join('\n', lines);
    }
}
