using SosPost.NanoProof.Tests.Support;
using SosPost.NanoReference.Projects;

namespace SosPost.NanoProof.Tests;

/// <summary>Compiling a .nfproj: its project references first, its own References, its language settings.</summary>
public sealed class NanoProjectCompilerTests : IDisposable
{
    private readonly TemporaryProject _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Application_compiles_with_its_library_project_and_without_the_test_launcher()
    {
        WriteLibrary();
        _files.Write("App/Program.cs", """
            namespace App
            {
                public static class Program
                {
                    public static void Main() => System.Threading.Thread.Sleep(Lib.Greeting.Delay);
                }
            }
            """);
        var app = WriteProject("App/App.nfproj", "Exe", "<Compile Include=\"Program.cs\" />",
            """<Reference Include="nanoFramework.UnitTestLauncher" />""", """<ProjectReference Include="..\Lib\Lib.nfproj" />""");

        var compilation = new NanoProjectCompiler().Compile(app);

        Assert.True(compilation.Succeeded, compilation.Report());
        Assert.Equal("App", compilation.AssemblyName);
    }

    [Fact]
    public void A_project_reference_that_does_not_exist_fails_with_its_path()
    {
        var app = WriteProject("App/App.nfproj", "Library", string.Empty, string.Empty, """<ProjectReference Include="..\Gone\Gone.nfproj" />""");

        var error = Assert.Throws<FileNotFoundException>(() => new NanoProjectCompiler().Compile(app));
        Assert.Contains("Gone.nfproj", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_the_pack_does_not_have_fails_with_its_name()
    {
        var app = WriteProject("App/App.nfproj", "Library", string.Empty, """<Reference Include="nanoFramework.Logging, Version=1.1.161.0" />""", string.Empty);

        var error = Assert.Throws<ArgumentException>(() => new NanoProjectCompiler().Compile(app));
        Assert.Contains("nanoFramework.Logging", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_projects_LangVersion_is_the_language_it_is_compiled_as()
    {
        // A raw string literal is C# 11: a project pinned to C# 10 must not get away with one.
        _files.Write("App/Text.cs", "namespace App { public static class Text { public const string Raw = \"\"\"raw\"\"\"; } }");
        var app = WriteProject("App/App.nfproj", "Library", "<Compile Include=\"Text.cs\" />", string.Empty, string.Empty, "<LangVersion>10.0</LangVersion>");

        var compilation = new NanoProjectCompiler().Compile(app);

        Assert.Contains(compilation.Errors, e => e.Id == "CS8936");
    }

    private void WriteLibrary()
    {
        _files.Write("Lib/Greeting.cs", "namespace Lib { public static class Greeting { public const int Delay = 10; } }");
        WriteProject("Lib/Lib.nfproj", "Library", "<Compile Include=\"Greeting.cs\" />", string.Empty, string.Empty);
    }

    private string WriteProject(string path, string outputType, string compileItems, string references, string projectReferences, string properties = "")
        => _files.Write(path, $"""
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {compileItems}
                <Reference Include="mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731" />
                {references}
                {projectReferences}
              </ItemGroup>
            </Project>
            """);
}
