using System.IO;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>The nanoFramework API listings: the repository's copy when it has one, else the shared one beside it.</summary>
internal static class ApiListing
{
    public static string PathOf(string assembly)
    {
        var name = assembly + ".api.txt";
        string[] candidates =
        [
            Path.Combine(Repository.Root, "firmware", "nanoframework-api", name),
            Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "nanoframework-api", name)),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("No nanoFramework API listing " + name + " in " + string.Join(" or ", candidates));
    }
}
