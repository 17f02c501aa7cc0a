namespace SosPost.NanoProof.Tests;

/// <summary>Paths in the repository this test assembly was built from.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SosPost.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no SosPost.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootDirectory.Value;

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Samples => PathOf("tests/SosPost.NanoProof.Tests/Samples");

    public static string ListingFolder => PathOf("firmware/nanoframework-api");

    /// <summary>The API listing of one nanoFramework assembly, <c>firmware/nanoframework-api/NAME.api.txt</c>.</summary>
    public static string ListingOf(string assemblyName) => Path.Combine(ListingFolder, assemblyName + ".api.txt");

    /// <summary>The .cs files under a folder, without the build output of SDK-style or nanoFramework builds.</summary>
    public static IReadOnlyList<string> SourceFilesUnder(string relativeFolder)
    {
        var folder = PathOf(relativeFolder);
        return [.. Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path =>
            {
                var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
                return !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal);
            })
            .Order(StringComparer.Ordinal)];
    }

    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');
}
