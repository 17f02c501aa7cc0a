using System.Text.Json.Nodes;

namespace SosPost.Hardware.Tests;

/// <summary>Files of the repository this test checks.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string BoardsDirectory => Path.Combine(Root, "hardware", "boards");

    public static string ConfigDirectory => Path.Combine(Root, "hardware", "config");

    /// <summary>The ids (file names without .json) of every board profile.</summary>
    public static IReadOnlyList<string> ProfileIds() =>
        Directory.GetFiles(BoardsDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Select(id => id!).Order(StringComparer.Ordinal).ToList();

    public static JsonObject LoadProfile(string id) => LoadObject(Path.Combine(BoardsDirectory, id + ".json"));

    public static JsonObject LoadObject(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = false });
        return node as JsonObject ?? throw new InvalidDataException(path + " is not a JSON object");
    }

    public static string ReadText(params string[] relative) => File.ReadAllText(Path.Combine([Root, .. relative]));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SosPost.sln")) && Directory.Exists(Path.Combine(dir.FullName, "hardware")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SosPost.sln with hardware/ not found above " + AppContext.BaseDirectory);
    }
}
