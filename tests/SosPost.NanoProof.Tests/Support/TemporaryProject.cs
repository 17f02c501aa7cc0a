namespace SosPost.NanoProof.Tests.Support;

/// <summary>A throwaway folder of project files, for testing how project files are read.</summary>
internal sealed class TemporaryProject : IDisposable
{
    public TemporaryProject() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nanoproj-" + Guid.NewGuid().ToString("N"));

    public string Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
