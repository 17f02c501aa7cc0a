using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SosPost.NanoReference;

namespace SosPost.NanoProof.Tests;

/// <summary>The pack as files on disk, for people who want to reference them from their own tools.</summary>
public sealed class WrittenPackTests : IDisposable
{
    private const string NanoFrameworkPublicKeyToken = "c07d481e9758c731";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nanoref-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Written_assemblies_carry_nanoFrameworks_names_versions_and_public_key_token()
    {
        var written = ReferencePack.Embedded.WriteTo(_directory);

        Assert.Equal(ReferencePack.Embedded.Assemblies.Count, written.Count);
        foreach (var assembly in ReferencePack.Embedded.Assemblies)
        {
            var name = AssemblyName.GetAssemblyName(Path.Combine(_directory, assembly.Name + ".dll"));
            Assert.Equal(assembly.Name, name.Name);
            Assert.Equal(assembly.Version, name.Version);
            Assert.Equal(NanoFrameworkPublicKeyToken, Convert.ToHexStringLower(name.GetPublicKeyToken()!));
        }
    }

    [Fact]
    public void Written_assemblies_reference_each_other_by_the_same_identity()
    {
        ReferencePack.Embedded.WriteTo(_directory);

        using var pe = new PEReader(File.OpenRead(Path.Combine(_directory, "nanoFramework.M2Mqtt.dll")));
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences
            .Select(h => metadata.GetAssemblyReference(h).GetAssemblyName())
            .ToDictionary(n => n.Name!, StringComparer.Ordinal);

        Assert.Equal(new Version(1, 17, 11, 0), references["mscorlib"].Version);
        Assert.Equal(new Version(5, 1, 220, 0), references["nanoFramework.M2Mqtt.Core"].Version);
        Assert.All(references.Values, r => Assert.Equal(NanoFrameworkPublicKeyToken, Convert.ToHexStringLower(r.GetPublicKeyToken()!)));
    }

    [Fact]
    public void Command_line_writes_every_assembly_into_the_directory_it_is_given()
    {
        // The CLI's own entry point, run in-process: `dotnet run --project firmware/SosPost.NanoReference -- OUTDIR`.
        var entryPoint = typeof(ReferencePack).Assembly.EntryPoint!;
        var exitCode = entryPoint.Invoke(null, [new[] { _directory }]);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ReferencePack.Embedded.Assemblies.Select(a => a.Name + ".dll").Order(StringComparer.Ordinal),
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
