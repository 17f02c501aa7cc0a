using SosPost.NanoReference.Projects;

namespace SosPost.NanoProof.Tests;

/// <summary>
/// Every .cs file of a firmware folder is in its file list, and every listed file exists. The lists are explicit
/// (.projitems, .nfproj): a file added to the folder but not to the list would be missing from the nanoFramework
/// build, and from the net10.0 build of the portable projects too, without any compiler noticing.
/// </summary>
public sealed class FileListTests
{
    [Theory]
    [InlineData("firmware/SosPost.Protocol", "SosPost.Protocol.projitems")]
    [InlineData("firmware/SosPost.Firmware.Core", "SosPost.Firmware.Core.projitems")]
    [InlineData("firmware/SosPost.Firmware", "SosPost.Firmware.nfproj")]
    [InlineData("tests/SosPost.Firmware.NanoTests", "SosPost.Firmware.NanoTests.nfproj")]
    public void Every_source_file_in_the_folder_is_listed_and_every_listed_file_exists(string folder, string listFile)
    {
        var listPath = Repository.PathOf($"{folder}/{listFile}");
        Assert.True(File.Exists(listPath), $"{folder}/{listFile} does not exist yet");

        var items = ProjectFiles.Read(listPath).CompileItems;
        var folderPath = Repository.PathOf(folder) + Path.DirectorySeparatorChar;
        var listed = items.Select(i => i.FullPath).Where(p => p.StartsWith(folderPath, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var present = Repository.SourceFilesUnder(folder).ToHashSet(StringComparer.Ordinal);

        var unlisted = present.Except(listed).Select(Repository.Relative).ToList();
        var missing = items.Select(i => i.FullPath).Where(p => !File.Exists(p)).Select(Repository.Relative).ToList();
        Assert.True(unlisted.Count == 0, $"{listFile} does not list: {string.Join(", ", unlisted)}");
        Assert.True(missing.Count == 0, $"{listFile} lists files that do not exist: {string.Join(", ", missing)}");
        Assert.NotEmpty(listed);
    }

    [Theory]
    [InlineData("firmware/SosPost.Protocol/SosPost.Protocol.nfproj", "firmware/SosPost.Protocol/SosPost.Protocol.projitems")]
    [InlineData("firmware/SosPost.Firmware.Core/SosPost.Firmware.Core.nfproj", "firmware/SosPost.Firmware.Core/SosPost.Firmware.Core.projitems")]
    public void Portable_nanoFramework_project_compiles_exactly_the_shared_file_list(string nfproj, string projitems)
    {
        // One list compiled twice: the .nfproj must take its files from the .projitems the .csproj imports.
        Assert.True(File.Exists(Repository.PathOf(nfproj)), $"{nfproj} does not exist yet");

        var nano = ProjectFiles.Read(Repository.PathOf(nfproj)).CompileItems.Select(i => i.FullPath).Order(StringComparer.Ordinal);
        var shared = ProjectFiles.Read(Repository.PathOf(projitems)).CompileItems.Select(i => i.FullPath).Order(StringComparer.Ordinal);
        Assert.Equal(shared, nano);
    }
}
