using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SosPost.NanoProof.Tests.Support;

/// <summary>
/// Compiles a sample for net10.0 against the running framework, to show that a sample the pack rejects is
/// ordinary valid C#: it fails for nanoFramework's gaps, not for a typo.
/// </summary>
internal static class HostCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path))]);

    public static IReadOnlyList<Diagnostic> Errors(string sourceFile)
    {
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(sourceFile), new CSharpParseOptions(LanguageVersion.Latest), sourceFile);
        var compilation = CSharpCompilation.Create(
            "HostSample",
            [tree],
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        return [.. compilation.Emit(image).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];
    }
}
