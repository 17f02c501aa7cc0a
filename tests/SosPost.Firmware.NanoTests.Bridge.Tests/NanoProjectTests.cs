using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SosPost.Firmware.NanoTests.Bridge.Tests.Runner;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>The bridge compiles and runs what the device build compiles and runs: no file and no test left out.</summary>
public sealed partial class NanoProjectTests
{
    private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    [Fact]
    public void Nfproj_compiles_exactly_the_cs_files_of_its_folder()
    {
        // The bridge compiles every .cs file of the folder (a glob); the device build compiles the .nfproj's list.
        var listed = Repository.NanoCompileItems().Order(StringComparer.Ordinal).ToArray();
        var onDisk = Repository.NanoSourceFiles().Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(onDisk, listed);
        Assert.Contains("Properties/AssemblyInfo.cs", listed);
    }

    [Fact]
    public void Bridge_runs_every_test_case_the_nano_sources_declare()
    {
        var declared = Repository.NanoCompileItems()
            .Select(item => File.ReadAllLines(Path.Combine(Repository.NanoTestsDirectory, item)))
            .Aggregate(new SourceCount(0, 0), (total, lines) => total + SourceCount.Of(lines));

        var discovered = NanoTestCatalog.AllCases().ToArray();
        var ran = NanoTestCatalog.Classes.SelectMany(NanoTestCatalog.ResultsOf).ToArray();

        Assert.Equal(declared.Classes, NanoTestCatalog.Classes.Count);
        Assert.Equal(declared.Cases, discovered.Length);
        Assert.Equal(declared.Cases, ran.Length);
        Assert.Equal(discovered.Select(c => c.LauncherName), ran.Select(r => r.Case.LauncherName));
        Assert.InRange(declared.Cases, 25, int.MaxValue);
    }

    [Fact]
    public void Nfproj_is_a_nanoframework_test_project()
    {
        var project = XDocument.Load(Repository.NanoTestsProject);
        string? Property(string name) => project.Descendants(MsBuild + name).Select(e => e.Value).FirstOrDefault();

        Assert.Equal("Library", Property("OutputType"));
        Assert.Equal("true", Property("IsTestProject"));
        Assert.Equal("UnitTest", Property("TestProjectType"));
        Assert.Equal("NFUnitTest", Property("AssemblyName"));
        Assert.Equal(@"obj\nf\", Property("BaseIntermediateOutputPath"));
        Assert.Equal(@"bin\nf\", Property("OutputPath"));
        Assert.Contains(project.Descendants(MsBuild + "ProjectCapability"), e => (string?)e.Attribute("Include") == "TestContainer");
        Assert.Equal(@"$(MSBuildProjectDirectory)\nano.runsettings", Property("RunSettingsFilePath"));
        Assert.True(File.Exists(Path.Combine(Repository.NanoTestsDirectory, "nano.runsettings")));

        var runSettings = XDocument.Load(Path.Combine(Repository.NanoTestsDirectory, "nano.runsettings"));
        Assert.Equal("False", runSettings.Descendants("IsRealHardware").Single().Value);

        var projectReferences = project.Descendants(MsBuild + "ProjectReference").Select(e => (string?)e.Attribute("Include")).ToArray();
        Assert.Contains(@"..\..\firmware\SosPost.Protocol\SosPost.Protocol.nfproj", projectReferences);
        Assert.Contains(@"..\..\firmware\SosPost.Firmware.Core\SosPost.Firmware.Core.nfproj", projectReferences);
    }

    [Fact]
    public void References_match_packages_config_and_the_api_listings()
    {
        var project = XDocument.Load(Repository.NanoTestsProject);
        var packages = XDocument.Load(Path.Combine(Repository.NanoTestsDirectory, "packages.config")).Root!.Elements("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!, StringComparer.Ordinal);
        var hintPaths = project.Descendants(MsBuild + "HintPath").Select(h => h.Value).ToArray();

        var testFramework = packages["nanoFramework.TestFramework"];
        Assert.Equal("3.0.80", testFramework);
        Assert.Contains(@"..\..\packages\nanoFramework.TestFramework." + testFramework + @"\lib\nanoFramework.TestFramework.dll", hintPaths);
        Assert.Contains(@"..\..\packages\nanoFramework.TestFramework." + testFramework + @"\lib\nanoFramework.UnitTestLauncher.exe", hintPaths);
        var devDependency = XDocument.Load(Path.Combine(Repository.NanoTestsDirectory, "packages.config")).Root!.Elements("package")
            .Single(p => (string?)p.Attribute("id") == "nanoFramework.TestFramework").Attribute("developmentDependency");
        Assert.Equal("true", (string?)devDependency);

        // Every other package: the version the listing was made for, and a HintPath into that package.
        foreach (var (id, listing) in new[]
        {
            ("nanoFramework.CoreLibrary", "mscorlib"),
            ("nanoFramework.System.Collections", "nanoFramework.System.Collections"),
            ("nanoFramework.System.Text", "nanoFramework.System.Text"),
            ("nanoFramework.TestFramework", "nanoFramework.TestFramework"),
        })
        {
            var header = File.ReadLines(ApiListing.PathOf(listing)).First(l => l.StartsWith("# assembly-version:", StringComparison.Ordinal));
            var packageVersion = AssemblyVersionFromPackage().Match(header).Groups["version"].Value;
            Assert.Equal(packageVersion, packages[id]);
            Assert.Contains(hintPaths, h => h.StartsWith(@"..\..\packages\" + id + "." + packages[id] + @"\lib\", StringComparison.Ordinal));
        }
    }

    [GeneratedRegex(@"for package [A-Za-z.]+\.(?<version>\d+\.\d+\.\d+)\)")]
    private static partial Regex AssemblyVersionFromPackage();

    /// <summary>
    /// Classes and cases declared in nano source, counted from the attribute lines (one attribute per line,
    /// as the nano tests are written; anything else makes the counts differ and this test fail).
    /// </summary>
    private sealed record SourceCount(int Classes, int Cases)
    {
        public static SourceCount operator +(SourceCount a, SourceCount b) => new(a.Classes + b.Classes, a.Cases + b.Cases);

        public static SourceCount Of(string[] lines)
        {
            var classes = 0;
            var cases = 0;
            var (testMethod, dataRows, setupOrCleanup) = (false, 0, 0);
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.StartsWith('['))
                {
                    classes += line == "[TestClass]" ? 1 : 0;
                    testMethod |= line == "[TestMethod]";
                    dataRows += line.StartsWith("[DataRow(", StringComparison.Ordinal) ? 1 : 0;
                    setupOrCleanup += line is "[Setup]" or "[Cleanup]" ? 1 : 0;
                    continue;
                }

                if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                // The declaration the attributes belong to: a method with data rows runs once per row.
                cases += (dataRows > 0 ? dataRows : testMethod ? 1 : 0) + setupOrCleanup;
                (testMethod, dataRows, setupOrCleanup) = (false, 0, 0);
            }

            return new SourceCount(classes, cases);
        }
    }
}
