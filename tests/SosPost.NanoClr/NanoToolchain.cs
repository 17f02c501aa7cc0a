using System.Reflection;
using SosPost.Testing;

namespace SosPost.NanoClr;

/// <summary>
/// Where the nanoFramework tools are on this machine: the interpreter, MetadataProcessor and runtime assemblies
/// of <c>../shared/nanoclr</c>, and the real mscorlib from NuGet's nanoFramework.CoreLibrary package.
/// </summary>
public sealed class NanoToolchain
{
    /// <summary>What a developer without ../shared reads when these tests skip.</summary>
    public const string HowToGet = "CI has it beside the repository; on another machine build it with ../shared/nanoclr/rebuild/build-all.sh";

    /// <summary>The libraries nanoCLR can run, in load order after mscorlib: the ones with native code first.</summary>
    public static readonly IReadOnlyList<string> Libraries =
    [
        "nanoFramework.Runtime.Native",
        "nanoFramework.System.Text",
        "nanoFramework.System.Collections",
        "System.Math",
    ];

    private NanoToolchain(string nanoClrFolder, string mscorlibFolder)
    {
        NanoClrFolder = nanoClrFolder;
        MscorlibFolder = mscorlibFolder;
    }

    /// <summary>The shared nanoclr folder (bin/, lib/, assemblies/, mdp/).</summary>
    public string NanoClrFolder { get; }

    /// <summary>The package folder holding the real mscorlib.dll and mscorlib.pe.</summary>
    public string MscorlibFolder { get; }

    public string Interpreter => Path.Combine(NanoClrFolder, "bin", "nanoclr");

    public string MetadataProcessor => Path.Combine(NanoClrFolder, "bin", "mdp");

    /// <summary>mscorlib as a built assembly: the first thing nanoCLR loads.</summary>
    public NanoAssembly Mscorlib => new("mscorlib", Path.Combine(MscorlibFolder, "mscorlib.dll"), Path.Combine(MscorlibFolder, "mscorlib.pe"));

    public NanoAssembly TestFramework => Shared("nanoFramework.TestFramework", ".dll");

    /// <summary>The launcher that loads the assembly named NFUnitTest and runs its tests.</summary>
    public NanoAssembly UnitTestLauncher => Shared("nanoFramework.UnitTestLauncher", ".exe");

    /// <summary>mscorlib and every library of <see cref="Libraries"/>.</summary>
    public IReadOnlyList<NanoAssembly> RuntimeAssemblies => [Mscorlib, .. Libraries.Select(name => Shared(name, ".dll"))];

    /// <summary>The toolchain, or null with <paramref name="missing"/> saying what is not there and how to get it.</summary>
    public static NanoToolchain? Find(out string missing)
    {
        var folder = SharedFolder.Find("nanoclr", HowToGet, out missing);
        if (folder is null)
        {
            missing = "nanoFramework interpreter: " + missing;
            return null;
        }

        var mscorlib = typeof(NanoToolchain).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CoreLibraryFolder").Value!;
        if (!File.Exists(Path.Combine(mscorlib, "mscorlib.pe")))
        {
            missing = $"real mscorlib: {mscorlib}/mscorlib.pe is missing (restore the solution: dotnet restore SosPost.sln)";
            return null;
        }

        return new NanoToolchain(folder, mscorlib);
    }

    private NanoAssembly Shared(string name, string extension)
    {
        var folder = Path.Combine(NanoClrFolder, "assemblies");
        return new NanoAssembly(name, Path.Combine(folder, name + extension), Path.Combine(folder, name + ".pe"));
    }
}

/// <summary>An assembly in both forms: the .dll (.exe) that compilers and the MetadataProcessor read, the .pe nanoCLR loads.</summary>
public sealed record NanoAssembly(string Name, string DllPath, string PePath)
{
    /// <summary>Size of the .pe: what a device stores in its deployment area.</summary>
    public long PeBytes => new FileInfo(PePath).Length;
}
