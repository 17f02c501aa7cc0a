using System.Xml.Linq;

namespace SosPost.NanoReference.Projects;

/// <summary>
/// Reads the Compile, Reference and ProjectReference items of a classic MSBuild project (.nfproj) or shared
/// item list (.projitems). Only what these files use is understood; anything else fails loudly rather than
/// letting the proof compile a different file list than the real build.
/// </summary>
public static class ProjectFiles
{
    public static NanoProjectFile Read(string projectPath)
    {
        var fullPath = Path.GetFullPath(projectPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"project {fullPath} does not exist", fullPath);
        }

        var project = new Collected(Path.GetDirectoryName(fullPath)!);
        ReadFile(fullPath, project, importedBy: []);
        return new NanoProjectFile(fullPath, project.Properties, project.CompileItems, project.References, project.ProjectReferences);
    }

    private static void ReadFile(string file, Collected project, IReadOnlyList<string> importedBy)
    {
        if (importedBy.Contains(file, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{file} imports itself through {string.Join(" -> ", importedBy)}");
        }

        var root = XDocument.Load(file).Root ?? throw new InvalidDataException($"{file} is empty");
        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "PropertyGroup" when element.Attribute("Condition") == null:
                    foreach (var property in element.Elements().Where(p => p.Attribute("Condition") == null))
                    {
                        project.Properties[property.Name.LocalName] = property.Value.Trim();
                    }

                    break;
                case "ItemGroup":
                    ReadItems(file, element, project);
                    break;
                case "Import":
                    ReadImport(file, element, project, importedBy);
                    break;
                default:
                    break;
            }
        }
    }

    private static void ReadItems(string file, XElement group, Collected project)
    {
        string[] understood = ["Compile", "Reference", "ProjectReference"];
        foreach (var item in group.Elements().Where(i => understood.Contains(i.Name.LocalName, StringComparer.Ordinal)))
        {
            if (group.Attribute("Condition") != null || item.Attribute("Condition") != null || item.Attribute("Include") == null)
            {
                throw new NotSupportedException(
                    $"{file}: a {item.Name.LocalName} item with a Condition or without Include is not understood here: {item}");
            }

            var include = item.Attribute("Include")!.Value;
            switch (item.Name.LocalName)
            {
                case "Compile":
                    var link = item.Attribute("Link")?.Value ?? item.Elements().FirstOrDefault(m => m.Name.LocalName == "Link")?.Value;
                    project.CompileItems.AddRange(Paths(include, file, project.Directory).Select(path => new CompileItem(path, link)));
                    break;
                case "Reference":
                    project.References.Add(ParseReference(include));
                    break;
                default:
                    project.ProjectReferences.AddRange(Paths(include, file, project.Directory));
                    break;
            }
        }
    }

    private static void ReadImport(string file, XElement import, Collected project, IReadOnlyList<string> importedBy)
    {
        // A .projitems is the shared file list; other imports are nanoFramework's project system (props, targets).
        var target = import.Attribute("Project")?.Value ?? string.Empty;
        if (!target.EndsWith(".projitems", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Import paths are relative to the importing file, unlike item paths.
        var path = Paths(target, file, Path.GetDirectoryName(file)!).Single();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{file} imports {path}, which does not exist", path);
        }

        ReadFile(path, project, [.. importedBy, file]);
    }

    /// <summary>
    /// An Include as full paths. Items in an imported file resolve against the project's directory, as in MSBuild,
    /// which is why shared lists write <c>$(MSBuildThisFileDirectory)</c>.
    /// </summary>
    private static IEnumerable<string> Paths(string include, string file, string baseDirectory)
    {
        foreach (var part in include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = part
                .Replace("$(MSBuildThisFileDirectory)", Path.GetDirectoryName(file) + "/", StringComparison.OrdinalIgnoreCase)
                .Replace("$(MSBuildProjectDirectory)", baseDirectory, StringComparison.OrdinalIgnoreCase)
                .Replace('\\', '/');
            if (text.Contains("$(", StringComparison.Ordinal) || text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal))
            {
                throw new NotSupportedException(
                    $"{file}: '{part}' uses a property or wildcard; only $(MSBuildThisFileDirectory) and $(MSBuildProjectDirectory) are understood");
            }

            yield return Path.GetFullPath(text, baseDirectory);
        }
    }

    private static AssemblyReferenceItem ParseReference(string include)
    {
        // "mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731"
        var parts = include.Split(',', StringSplitOptions.TrimEntries);
        var versionText = parts.Skip(1).FirstOrDefault(p => p.StartsWith("Version=", StringComparison.OrdinalIgnoreCase))?["Version=".Length..];
        return new AssemblyReferenceItem(parts[0], versionText == null ? null : Version.Parse(versionText));
    }

    private sealed class Collected(string directory)
    {
        public string Directory { get; } = directory;

        public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<CompileItem> CompileItems { get; } = [];

        public List<AssemblyReferenceItem> References { get; } = [];

        public List<string> ProjectReferences { get; } = [];
    }
}
