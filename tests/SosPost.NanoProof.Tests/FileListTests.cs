using SosPost.NanoReference.Projects;

namespace SosPost.NanoProof.Tests;

/// <summary>
/// Every .cs file of a firmware folder is in its file list, and every listed file exists. The lists are explicit
/// (.projitems, .nfproj): a file added to the folder but not to the list would be missing from the nanoFramework
/// build, and from the net10.0 build of the portable projects too, without any compiler noticing.
/// </summary>
public sealed class FileListTests
{
    // Assembly attributes: the net10.0 SDK build generates its own, so only the nanoFramework project compiles these.
    private const string NanoOnlyFolder = "Properties/";

    [Theory]
    [InlineData("firmware/SosPost.Protocol", "SosPost.Protocol.projitems")]
    [InlineData("firmware/SosPost.Firmware.Core", "SosPost.Firmware.Core.projitems")]
    public void Every_portable_source_file_is_in_the_shared_list_and_every_listed_file_exists(string folder, string projitems)
    {
        var items = ProjectFiles.Read(Repository.PathOf($"{folder}/{projitems}")).CompileItems.Select(i => i.FullPath).ToList();
        var present = Repository.SourceFilesUnder(folder)
            .Where(path => !Repository.Relative(path).StartsWith($"{folder}/{NanoOnlyFolder}", StringComparison.Ordinal));

        AssertListed(projitems, items, present);
    }

    [Theory]
    [InlineData("firmware/SosPost.Protocol", "SosPost.Protocol.nfproj")]
    [InlineData("firmware/SosPost.Firmware.Core", "SosPost.Firmware.Core.nfproj")]
    [InlineData("firmware/SosPost.Firmware", "SosPost.Firmware.nfproj")]
    [InlineData("tests/SosPost.Firmware.NanoTests", "SosPost.Firmware.NanoTests.nfproj")]
    public void Every_source_file_in_the_folder_is_compiled_by_its_nanoFramework_project(string folder, string nfproj)
    {
        var path = Repository.PathOf($"{folder}/{nfproj}");
        Assert.True(File.Exists(path), $"{folder}/{nfproj} does not exist yet");

        var items = ProjectFiles.Read(path).CompileItems.Select(i => i.FullPath).ToList();
        AssertListed(nfproj, items, Repository.SourceFilesUnder(folder));
    }

    [Theory]
    [InlineData("firmware/SosPost.Protocol", "SosPost.Protocol")]
    [InlineData("firmware/SosPost.Firmware.Core", "SosPost.Firmware.Core")]
    public void Portable_nanoFramework_project_compiles_the_shared_list_plus_only_its_assembly_attributes(string folder, string name)
    {
        // One list compiled twice: the .nfproj takes its files from the .projitems the .csproj imports.
        var nfproj = Repository.PathOf($"{folder}/{name}.nfproj");
        Assert.True(File.Exists(nfproj), $"{folder}/{name}.nfproj does not exist yet");

        var nano = ProjectFiles.Read(nfproj).CompileItems.Select(i => Repository.Relative(i.FullPath)).ToHashSet(StringComparer.Ordinal);
        var shared = ProjectFiles.Read(Repository.PathOf($"{folder}/{name}.projitems")).CompileItems.Select(i => Repository.Relative(i.FullPath)).ToList();

        Assert.All(shared, file => Assert.Contains(file, nano));
        Assert.All(nano.Except(shared), file => Assert.StartsWith($"{folder}/{NanoOnlyFolder}", file, StringComparison.Ordinal));
    }

    private static void AssertListed(string listFile, IReadOnlyList<string> listed, IEnumerable<string> present)
    {
        var unlisted = present.Except(listed, StringComparer.Ordinal).Select(Repository.Relative).ToList();
        var missing = listed.Where(p => !File.Exists(p)).Select(Repository.Relative).ToList();

        Assert.True(unlisted.Count == 0, $"{listFile} does not list: {string.Join(", ", unlisted)}");
        Assert.True(missing.Count == 0, $"{listFile} lists files that do not exist: {string.Join(", ", missing)}");
        Assert.NotEmpty(listed);
    }
}
