namespace SosPost.NanoReference.Projects;

/// <summary>A source file a project compiles; <paramref name="Link"/> is where the IDE shows a file from elsewhere.</summary>
public sealed record CompileItem(string FullPath, string? Link);

/// <summary>A <c>&lt;Reference Include="Name, Version=..."&gt;</c> of a .nfproj.</summary>
public sealed record AssemblyReferenceItem(string Name, Version? Version);

/// <summary>What the proof needs from a .nfproj or .projitems, imports of .projitems followed.</summary>
public sealed class NanoProjectFile(
    string fullPath,
    IReadOnlyDictionary<string, string> properties,
    IReadOnlyList<CompileItem> compileItems,
    IReadOnlyList<AssemblyReferenceItem> references,
    IReadOnlyList<string> projectReferences)
{
    public string FullPath { get; } = fullPath;

    /// <summary>Properties set outside any Condition (a later definition wins, as in MSBuild).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; } = properties;

    public IReadOnlyList<CompileItem> CompileItems { get; } = compileItems;

    public IReadOnlyList<AssemblyReferenceItem> References { get; } = references;

    /// <summary>Full paths of the projects named by ProjectReference items.</summary>
    public IReadOnlyList<string> ProjectReferences { get; } = projectReferences;

    public string AssemblyName => Properties.GetValueOrDefault("AssemblyName") ?? Path.GetFileNameWithoutExtension(FullPath);

    public string? Property(string name) => Properties.GetValueOrDefault(name);
}
