using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SosPost.Testing;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>Files of the repository this test run was built from.</summary>
internal static class Repository
{
    public static string Root { get; } = SharedFolder.RepositoryRoot
        ?? throw new InvalidOperationException("SosPost.sln not found above " + AppContext.BaseDirectory);

    public static string NanoTestsDirectory => Path.Combine(Root, "tests", "SosPost.Firmware.NanoTests");

    public static string NanoTestsProject => Path.Combine(NanoTestsDirectory, "SosPost.Firmware.NanoTests.nfproj");

    /// <summary>The .nfproj's Compile items, as paths relative to its folder with '/' separators.</summary>
    public static IReadOnlyList<string> NanoCompileItems()
    {
        XNamespace msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";
        return XDocument.Load(NanoTestsProject)
            .Descendants(msbuild + "Compile")
            .Select(c => ((string?)c.Attribute("Include") ?? string.Empty).Replace('\\', '/'))
            .ToArray();
    }

    /// <summary>The .cs files in the nano test folder (build output excluded), relative with '/' separators.</summary>
    public static IReadOnlyList<string> NanoSourceFiles() =>
        Directory.EnumerateFiles(NanoTestsDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(NanoTestsDirectory, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .ToArray();
}
