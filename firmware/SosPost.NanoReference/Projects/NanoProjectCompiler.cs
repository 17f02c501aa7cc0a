using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SosPost.NanoReference.Projects;

/// <summary>
/// Compiles a .nfproj against the reference pack: its Compile items, its Reference assembly names and, first,
/// the projects its ProjectReferences name. Each project is compiled once per set of defines.
/// </summary>
public sealed class NanoProjectCompiler(ReferencePack? pack = null)
{
    // Test projects reference the runner nanoFramework deploys beside them; test code never calls it,
    // and its API is not listed (the tests' API is nanoFramework.TestFramework).
    private static readonly HashSet<string> ReferencesWithoutApi = new(StringComparer.Ordinal) { "nanoFramework.UnitTestLauncher" };

    private readonly Dictionary<string, NanoCompilation> _compiled = new(StringComparer.Ordinal);

    /// <summary>The Reference names that are compiled against: all but the test runner's.</summary>
    public static IEnumerable<string> ApiReferences(NanoProjectFile project)
        => project.References.Select(r => r.Name).Where(name => !ReferencesWithoutApi.Contains(name));

    /// <param name="projectPath">The .nfproj to compile.</param>
    /// <param name="defines">Symbols besides NANOFRAMEWORK_1_0 (DEBUG for a Debug build), for it and its references.</param>
    public NanoCompilation Compile(string projectPath, IReadOnlyList<string>? defines = null)
    {
        defines ??= [];
        var fullPath = Path.GetFullPath(projectPath);
        var key = fullPath + "|" + string.Join(';', defines);
        if (_compiled.TryGetValue(key, out var earlier))
        {
            return earlier;
        }

        var project = ProjectFiles.Read(fullPath);
        var projectReferences = project.ProjectReferences.Select(reference =>
        {
            if (!File.Exists(reference))
            {
                throw new FileNotFoundException($"{fullPath} has a ProjectReference to {reference}, which does not exist", reference);
            }

            var compiled = Compile(reference, defines);
            return compiled.Succeeded ? compiled : throw new InvalidOperationException(
                $"{fullPath} references {reference}, which does not compile:\n{compiled.Report()}");
        }).ToList();

        var options = new NanoCompileOptions
        {
            AssemblyName = project.AssemblyName,
            LanguageVersion = LanguageVersionOf(project),
            Nullable = NullableOf(project),
            ProjectReferences = projectReferences,
            Pack = pack,
        };
        var compilation = NanoCompiler.Compile(
            project.CompileItems.Select(i => i.FullPath), ApiReferences(project), defines, OutputKindOf(project), options);
        _compiled.Add(key, compilation);
        return compilation;
    }

    private static LanguageVersion LanguageVersionOf(NanoProjectFile project)
    {
        var text = project.Property("LangVersion");
        if (text == null)
        {
            return LanguageVersion.Latest;
        }

        return LanguageVersionFacts.TryParse(text, out var version) ? version
            : throw new NotSupportedException($"{project.FullPath}: LangVersion '{text}' is not a C# language version");
    }

    private static NullableContextOptions NullableOf(NanoProjectFile project) => project.Property("Nullable")?.ToLowerInvariant() switch
    {
        null or "" or "disable" => NullableContextOptions.Disable,
        "enable" => NullableContextOptions.Enable,
        "warnings" => NullableContextOptions.Warnings,
        "annotations" => NullableContextOptions.Annotations,
        var other => throw new NotSupportedException($"{project.FullPath}: Nullable '{other}' is not understood"),
    };

    private static OutputKind OutputKindOf(NanoProjectFile project) => project.Property("OutputType")?.ToLowerInvariant() switch
    {
        null or "" or "library" => OutputKind.DynamicallyLinkedLibrary,
        "exe" => OutputKind.ConsoleApplication,
        "winexe" => OutputKind.WindowsApplication,
        var other => throw new NotSupportedException($"{project.FullPath}: OutputType '{other}' is not understood"),
    };
}
