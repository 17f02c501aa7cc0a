using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SosPost.NanoReference;
using SosPost.NanoReference.Projects;

namespace SosPost.NanoProof.Tests;

/// <summary>
/// The proof: each firmware project compiled against the nanoFramework reference pack and nothing else.
/// Any API nanoFramework lacks fails here with the compiler's own error.
/// </summary>
public sealed class ProjectProofTests(ITestOutputHelper output)
{
    private const string ProtocolItems = "firmware/SosPost.Protocol/SosPost.Protocol.projitems";
    private const string CoreItems = "firmware/SosPost.Firmware.Core/SosPost.Firmware.Core.projitems";
    private const string ProtocolProject = "firmware/SosPost.Protocol/SosPost.Protocol.nfproj";
    private const string CoreProject = "firmware/SosPost.Firmware.Core/SosPost.Firmware.Core.nfproj";
    private const string DeviceApp = "firmware/SosPost.Firmware/SosPost.Firmware.nfproj";
    private const string NanoTests = "tests/SosPost.Firmware.NanoTests/SosPost.Firmware.NanoTests.nfproj";

    // The portable projects may use nanoFramework's base library, which is split over these three assemblies
    // (ArrayList in mscorlib, Hashtable in System.Collections, StringBuilder and Encoding in System.Text), and
    // nothing that names hardware or the network. They compile as the net10.0 build compiles them: C# 10 with
    // nullable annotations (Directory.Build.props).
    private static readonly string[] PortableReferences = ["mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text"];

    public static TheoryData<string> Configurations() => ["Release", "Debug"];

    /// <summary>Every nanoFramework project, in each configuration: its items, references and project references.</summary>
    public static TheoryData<string, string> NanoProjects() => new()
    {
        { ProtocolProject, "Release" }, { ProtocolProject, "Debug" },
        { CoreProject, "Release" }, { CoreProject, "Debug" },
        { DeviceApp, "Release" }, { DeviceApp, "Debug" },
        { NanoTests, "Release" }, { NanoTests, "Debug" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void SosPost_Protocol_compiles_against_nanoFramework_alone(string configuration)
    {
        var protocol = CompilePortable(ProtocolItems, "SosPost.Protocol", configuration, projectReferences: []);

        AssertCompiled(protocol);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void SosPost_Firmware_Core_compiles_against_nanoFramework_and_the_protocol_alone(string configuration)
    {
        var protocol = CompilePortable(ProtocolItems, "SosPost.Protocol", configuration, projectReferences: []);
        Assert.True(protocol.Succeeded, "the protocol must compile first:\n" + protocol.Report());

        var core = CompilePortable(CoreItems, "SosPost.Firmware.Core", configuration, projectReferences: [protocol]);

        AssertCompiled(core);
    }

    [Theory]
    [MemberData(nameof(NanoProjects))]
    public void NanoFramework_project_compiles_against_nanoFramework_alone(string project, string configuration)
        => AssertCompiled(new NanoProjectCompiler().Compile(RequireProject(project), Defines(configuration)));

    [Theory]
    [InlineData(ProtocolProject)]
    [InlineData(CoreProject)]
    [InlineData(DeviceApp)]
    [InlineData(NanoTests)]
    public void Project_references_the_assembly_versions_the_pack_was_made_from(string project)
    {
        // The proof shows the firmware fits the listed versions; a project on other versions is not proven.
        var file = ProjectFiles.Read(RequireProject(project));
        var versioned = file.References.Where(r => r.Version != null).ToList();
        Assert.NotEmpty(versioned);

        var mismatches = versioned
            .Select(r => (Reference: r, Listed: ReferencePack.Embedded.Find(r.Name)?.Version))
            .Where(pair => pair.Listed != pair.Reference.Version)
            .Select(pair => $"{pair.Reference.Name}: project {pair.Reference.Version}, listing {pair.Listed?.ToString() ?? "(none)"}")
            .ToList();
        Assert.True(mismatches.Count == 0, $"{project} references versions the pack does not describe:\n" + string.Join('\n', mismatches));
    }

    private static NanoCompilation CompilePortable(string items, string assemblyName, string configuration, IReadOnlyList<NanoCompilation> projectReferences)
    {
        var files = ProjectFiles.Read(Repository.PathOf(items)).CompileItems.Select(i => i.FullPath);
        return NanoCompiler.Compile(
            files,
            PortableReferences,
            Defines(configuration),
            options: new NanoCompileOptions
            {
                AssemblyName = assemblyName,
                LanguageVersion = LanguageVersion.CSharp10,
                Nullable = NullableContextOptions.Enable,
                ProjectReferences = projectReferences,
            });
    }

    private static string RequireProject(string project)
    {
        var path = Repository.PathOf(project);
        Assert.True(File.Exists(path), $"{project} does not exist yet: there is no proof for it until it does");
        return path;
    }

    // nanoFramework's project system defines no DEBUG in Release; Debug.WriteLine and Debug.Assert are [Conditional("DEBUG")].
    private static string[] Defines(string configuration) => configuration == "Debug" ? ["DEBUG"] : [];

    private void AssertCompiled(NanoCompilation compilation)
    {
        var report = compilation.Report().Replace(Repository.Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        output.WriteLine(report);
        Assert.True(compilation.Succeeded && !compilation.Errors.Any(), report);
    }
}
