using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SosPost.NanoReference;

/// <summary>Settings beyond the file list, references and defines; the defaults are csc's.</summary>
public sealed record NanoCompileOptions
{
    public string AssemblyName { get; init; } = "Firmware";

    public LanguageVersion LanguageVersion { get; init; } = LanguageVersion.Latest;

    public NullableContextOptions Nullable { get; init; } = NullableContextOptions.Disable;

    /// <summary>Earlier compilations this one references, as a project reference would.</summary>
    public IReadOnlyList<NanoCompilation> ProjectReferences { get; init; } = [];

    /// <summary>The pack to compile against; the one embedded in this assembly when null.</summary>
    public ReferencePack? Pack { get; init; }
}

/// <summary>
/// Compiles C# as nanoFramework's build would: no standard library (<c>csc -nostdlib</c>), only the named
/// reference assemblies of the pack, and <c>NANOFRAMEWORK_1_0</c> defined as nanoFramework's project system does.
/// </summary>
public static class NanoCompiler
{
    public const string NanoFrameworkSymbol = "NANOFRAMEWORK_1_0";

    /// <param name="sourceFiles">The C# files to compile.</param>
    /// <param name="referencedAssemblyNames">Pack assemblies to reference, mscorlib included (<c>-nostdlib</c> adds nothing).</param>
    /// <param name="defines">Symbols besides NANOFRAMEWORK_1_0, e.g. DEBUG for a Debug build.</param>
    /// <param name="outputKind">Library, or an application with a Main method.</param>
    /// <param name="options">Assembly name, language version, nullable context, project references, pack.</param>
    public static NanoCompilation Compile(
        IEnumerable<string> sourceFiles,
        IEnumerable<string> referencedAssemblyNames,
        IEnumerable<string>? defines = null,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        NanoCompileOptions? options = null)
    {
        options ??= new NanoCompileOptions();
        var pack = options.Pack ?? ReferencePack.Embedded;
        var parseOptions = new CSharpParseOptions(
            options.LanguageVersion,
            preprocessorSymbols: (defines ?? []).Prepend(NanoFrameworkSymbol).Distinct(StringComparer.Ordinal));
        var trees = sourceFiles.Select(path => Parse(path, parseOptions)).ToList();

        var references = referencedAssemblyNames.Distinct(StringComparer.Ordinal).Select(pack.Reference).ToList();
        foreach (var project in options.ProjectReferences)
        {
            references.Add(project.Reference ?? throw new ArgumentException(
                $"project reference {project.AssemblyName} did not compile:\n{project.Report()}", nameof(options)));
        }

        var compilationOptions = new CSharpCompilationOptions(
            outputKind,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: options.Nullable,
            deterministic: true);
        var compilation = CSharpCompilation.Create(options.AssemblyName, trees, references, compilationOptions);

        // Emitting, not only binding: lowering (lock, foreach, events, interpolation) reports missing
        // members such as Monitor.Enter only here.
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var diagnostics = result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
        return new NanoCompilation(options.AssemblyName, diagnostics, result.Success ? [.. image.ToArray()] : []);
    }

    private static SyntaxTree Parse(string path, CSharpParseOptions options)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"source file {fullPath} does not exist", fullPath);
        }

        return CSharpSyntaxTree.ParseText(File.ReadAllText(fullPath), options, fullPath, Encoding.UTF8);
    }
}
