using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SosPost.NanoReference.Projects;
using SosPost.Testing;

namespace SosPost.NanoClr;

/// <summary>How an assembly is built: Debug as the tests run (DEBUG keeps OutputHelper), Release as a post deploys.</summary>
public enum NanoConfiguration
{
    Debug,
    Release,
}

/// <summary>
/// Builds nanoFramework assemblies the way the device build does: C# compiled with no standard library against
/// the real mscorlib and nanoFramework libraries, then converted by the MetadataProcessor into the .pe nanoCLR
/// loads. Each assembly built is referenced by the ones built after it.
/// </summary>
/// <param name="toolchain">The MetadataProcessor and runtime assemblies.</param>
/// <param name="outputFolder">Where the .dll/.exe and .pe files go.</param>
/// <param name="configuration">Debug as the tests run, Release as a post deploys.</param>
/// <param name="references">
/// What the first assembly is compiled and converted against, mscorlib first; by default the runtime's assemblies
/// and the TestFramework. Reference-only assemblies (no .pe) serve where nanoCLR has no library, for a size.
/// </param>
public sealed class NanoBuilder(
    NanoToolchain toolchain,
    string outputFolder,
    NanoConfiguration configuration = NanoConfiguration.Debug,
    IEnumerable<NanoAssembly>? references = null)
{
    private readonly List<NanoAssembly> _references = [.. references ?? [.. toolchain.RuntimeAssemblies, toolchain.TestFramework]];

    /// <summary>Every assembly the builder knows, the runtime's and those it built, in load order.</summary>
    public IReadOnlyList<NanoAssembly> Assemblies => _references;

    /// <summary>Compiles the Compile items of a .nfproj (its .projitems imports followed) and converts the result.</summary>
    public async Task<NanoAssembly> BuildProjectAsync(string projectPath, CancellationToken ct = default)
    {
        var project = ProjectFiles.Read(projectPath);
        var executable = string.Equals(project.Property("OutputType"), "Exe", StringComparison.OrdinalIgnoreCase);
        return await BuildAsync(project.AssemblyName, project.CompileItems.Select(i => i.FullPath), executable, ct);
    }

    /// <summary>Compiles <paramref name="sourceFiles"/> into <paramref name="assemblyName"/>.dll and converts it to .pe.</summary>
    public Task<NanoAssembly> BuildAsync(string assemblyName, IEnumerable<string> sourceFiles, CancellationToken ct = default) =>
        BuildAsync(assemblyName, sourceFiles, executable: false, ct);

    /// <summary>As <see cref="BuildAsync(string, IEnumerable{string}, CancellationToken)"/>; an executable (.exe) has a <c>static void Main()</c>.</summary>
    public async Task<NanoAssembly> BuildAsync(string assemblyName, IEnumerable<string> sourceFiles, bool executable, CancellationToken ct = default)
    {
        Directory.CreateDirectory(outputFolder);
        var built = new NanoAssembly(assemblyName, Path.Combine(outputFolder, assemblyName + (executable ? ".exe" : ".dll")), Path.Combine(outputFolder, assemblyName + ".pe"));
        Compile(built, sourceFiles, executable);
        await ConvertAsync(built, ct);
        _references.Add(built);
        return built;
    }

    private void Compile(NanoAssembly target, IEnumerable<string> sourceFiles, bool executable)
    {
        // DEBUG only in Debug: TestFramework's OutputHelper and Debug.WriteLine are [Conditional("DEBUG")].
        string[] defined = configuration == NanoConfiguration.Debug ? ["NANOFRAMEWORK_1_0", "DEBUG"] : ["NANOFRAMEWORK_1_0"];
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp10, preprocessorSymbols: defined);
        var trees = sourceFiles.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path)).ToList();
        var compilation = CSharpCompilation.Create(
            target.Name,
            trees,
            _references.Select(r => MetadataReference.CreateFromFile(r.DllPath)),
            new CSharpCompilationOptions(
                executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: configuration == NanoConfiguration.Debug ? OptimizationLevel.Debug : OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true));
        var result = compilation.Emit(target.DllPath);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!result.Success || errors.Count > 0)
        {
            throw new InvalidOperationException($"{target.Name} does not compile for nanoFramework:\n{string.Join('\n', errors)}");
        }
    }

    private async Task ConvertAsync(NanoAssembly target, CancellationToken ct)
    {
        List<string> arguments = [];
        foreach (var reference in _references.Where(r => !r.DllPath.EndsWith(".exe", StringComparison.Ordinal)))
        {
            arguments.AddRange(["-loadHints", reference.Name, reference.DllPath]);
        }

        // "false": our code is no core library with native methods, so no native checksum is computed.
        arguments.AddRange(["-parse", target.DllPath, "-compile", target.PePath, "false"]);
        File.Delete(target.PePath);
        var output = await ChildProcess.RunAsync(toolchain.MetadataProcessor, arguments, TimeSpan.FromMinutes(2), ct);
        if (!File.Exists(target.PePath))
        {
            throw new InvalidOperationException($"The MetadataProcessor wrote no {target.PePath}:\n{output}");
        }
    }
}
