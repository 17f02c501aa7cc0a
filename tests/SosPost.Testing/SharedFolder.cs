namespace SosPost.Testing;

/// <summary>
/// What a test takes from <c>../shared</c> beside the repository: the CAP schema, the nanoFramework interpreter.
/// CI always has that folder; a developer's fresh clone does not, so a test that needs it skips there with one
/// line saying what is missing and how to get it. Under <c>CI=true</c> a missing part is a failure, never a skip.
/// </summary>
public static class SharedFolder
{
    /// <summary>True in CI (<c>CI=true</c>), where everything under ../shared must be present.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root: the folder holding SosPost.sln above this test's output.</summary>
    public static string? RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SosPost.sln")))
                {
                    return directory.FullName;
                }
            }

            return null;
        }
    }

    /// <summary>The shared folder: <c>SOSPOST_SHARED</c> when set, else <c>../shared</c> beside the repository.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("SOSPOST_SHARED") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepositoryRoot ?? AppContext.BaseDirectory, "..", "shared"));

    /// <summary>
    /// The full path of <paramref name="relativePath"/> under the shared folder, or null with
    /// <paramref name="missing"/> set to one line naming what is missing and <paramref name="howToGet"/>.
    /// </summary>
    public static string? Find(string relativePath, string howToGet, out string missing)
    {
        var path = Path.Combine(Root, relativePath);
        if (File.Exists(path) || Directory.Exists(path))
        {
            missing = string.Empty;
            return path;
        }

        missing = $"{path} is missing ({howToGet})";
        return null;
    }
}
