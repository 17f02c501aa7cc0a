using SosPost.NanoProof.Tests.Support;
using SosPost.NanoReference.Projects;

namespace SosPost.NanoProof.Tests;

/// <summary>Reading .nfproj and .projitems files the way MSBuild resolves them.</summary>
public sealed class ProjectFilesTests : IDisposable
{
    private const string Namespace = "xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\"";

    private readonly TemporaryProject _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Compile_items_resolve_this_file_directory_backslashes_links_and_imported_shared_lists()
    {
        _files.Write("Shared/Shared.projitems", $"""
            <Project {Namespace}>
              <ItemGroup>
                <Compile Include="$(MSBuildThisFileDirectory)Json\Reader.cs" />
              </ItemGroup>
            </Project>
            """);
        var project = _files.Write("App/App.nfproj", $"""
            <Project ToolsVersion="Current" {Namespace}>
              <PropertyGroup Label="Globals">
                <NanoFrameworkProjectSystemPath>$(MSBuildExtensionsPath)\nanoFramework\v1.0\</NanoFrameworkProjectSystemPath>
              </PropertyGroup>
              <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props" Condition="Exists('x')" />
              <Import Project="..\Shared\Shared.projitems" Label="Shared" />
              <ItemGroup>
                <Compile Include="Program.cs" />
                <Compile Include="Adapters\GpioButton.cs" />
                <Compile Include="..\Other\Linked.cs" Link="Linked.cs" />
                <Compile Include="..\Other\Linked2.cs"><Link>Folder\Linked2.cs</Link></Compile>
              </ItemGroup>
            </Project>
            """);

        var items = ProjectFiles.Read(project).CompileItems;

        Assert.Equal(
            [
                new CompileItem(_files.PathOf("Shared/Json/Reader.cs"), null),
                new CompileItem(_files.PathOf("App/Program.cs"), null),
                new CompileItem(_files.PathOf("App/Adapters/GpioButton.cs"), null),
                new CompileItem(_files.PathOf("Other/Linked.cs"), "Linked.cs"),
                new CompileItem(_files.PathOf("Other/Linked2.cs"), "Folder\\Linked2.cs"),
            ],
            items);
    }

    [Fact]
    public void References_properties_and_project_references_are_read()
    {
        var project = _files.Write("App/App.nfproj", $"""
            <Project {Namespace}>
              <PropertyGroup>
                <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
                <OutputType>Exe</OutputType>
                <AssemblyName>SosPost.Firmware</AssemblyName>
                <LangVersion>10.0</LangVersion>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == 'Release'">
                <OutputType>Library</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731">
                  <HintPath>..\packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath>
                </Reference>
                <Reference Include="nanoFramework.UnitTestLauncher" />
                <ProjectReference Include="..\Lib\Lib.nfproj" />
              </ItemGroup>
            </Project>
            """);

        var file = ProjectFiles.Read(project);

        Assert.Equal("Exe", file.Property("OutputType"));
        Assert.Null(file.Property("Configuration"));
        Assert.Equal("SosPost.Firmware", file.AssemblyName);
        Assert.Equal(
            [new AssemblyReferenceItem("mscorlib", new Version(1, 17, 11, 0)), new AssemblyReferenceItem("nanoFramework.UnitTestLauncher", null)],
            file.References);
        Assert.Equal([_files.PathOf("Lib/Lib.nfproj")], file.ProjectReferences);
    }

    [Theory]
    [InlineData("<Compile Include=\"*.cs\" />")]
    [InlineData("<Compile Include=\"$(SomewhereElse)A.cs\" />")]
    [InlineData("<Compile Include=\"A.cs\" Condition=\"'$(X)' == 'y'\" />")]
    [InlineData("<Compile Remove=\"A.cs\" />")]
    public void Item_lists_the_reader_cannot_resolve_exactly_are_refused(string item)
    {
        // Guessing would let the proof compile a different file list than the real build.
        var project = _files.Write("App/App.nfproj", $"<Project {Namespace}><ItemGroup>{item}</ItemGroup></Project>");

        Assert.Throws<NotSupportedException>(() => ProjectFiles.Read(project));
    }

    [Fact]
    public void A_missing_shared_list_is_an_error_not_an_empty_list()
    {
        var project = _files.Write("App/App.nfproj", $"<Project {Namespace}><Import Project=\"..\\Gone\\Gone.projitems\" /></Project>");

        var error = Assert.Throws<FileNotFoundException>(() => ProjectFiles.Read(project));
        Assert.Contains("Gone.projitems", error.Message, StringComparison.Ordinal);
    }
}
