using System;
using System.IO;
using System.Threading.Tasks;
using SosPost.NanoClr;
using SosPost.Testing;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>
/// The nano tests built for nanoFramework and run once on nanoCLR for the whole test process; every xunit case
/// then reads its own line from that run. Without ../shared/nanoclr the cases skip, except under CI=true.
/// </summary>
internal static class NanoClrRuns
{
    // One run takes well under a second; the deadline is for a hang, which then fails every unreported case.
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private static readonly Lazy<Task<NanoTestRun>> Tests = new(() =>
        NanoTestRun.BuildAndRunAsync(Toolchain(), Repository.Root, WorkFolder("tests"), Deadline));

    public static Task<NanoTestRun> TestsAsync() => Tests.Value;

    /// <summary>The toolchain; skips the calling test when ../shared/nanoclr is missing, or fails it under CI=true.</summary>
    public static NanoToolchain Toolchain()
    {
        var toolchain = NanoToolchain.Find(out var missing);
        if (toolchain is not null)
        {
            return toolchain;
        }

        if (SharedFolder.Required)
        {
            Assert.Fail("CI=true and the nanoCLR toolchain is missing: " + missing);
        }

        Assert.Skip("nanoCLR tests skipped: " + missing);
        return null!;
    }

    /// <summary>A fresh folder under .artifacts/nanoclr for one build; kept afterwards for a look at the .pe files.</summary>
    public static string WorkFolder(string name)
    {
        var folder = Path.Combine(Repository.Root, ".artifacts", "nanoclr", name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }
}
