using SosPost.NanoReference;
using SosPost.NanoReference.Projects;

// dotnet run --project firmware/SosPost.NanoReference -- OUTDIR            write the reference assemblies (real mscorlib included)
// dotnet run --project firmware/SosPost.NanoReference -- --check X.nfproj   compile a project against them
const string Usage = "usage: SosPost.NanoReference OUTDIR | --check PROJECT.nfproj [--debug]";

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var pack = ReferencePack.Embedded;
if (!pack.Succeeded)
{
    foreach (var assembly in pack.Assemblies.Where(a => !a.Succeeded))
    {
        Console.Error.WriteLine($"{assembly.Name} did not compile:");
        foreach (var diagnostic in assembly.Diagnostics)
        {
            Console.Error.WriteLine("  " + diagnostic);
        }
    }

    return 1;
}

if (args[0] == "--check")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    string[] defines = args.Contains("--debug") ? ["DEBUG"] : [];
    var compilation = new NanoProjectCompiler(pack).Compile(args[1], defines);
    Console.WriteLine(compilation.Report());
    return compilation.Succeeded ? 0 : 1;
}

foreach (var path in pack.WriteTo(args[0]))
{
    Console.WriteLine(path);
}

var generated = pack.Assemblies.Count(a => a.IsGenerated);
Console.WriteLine(
    $"{pack.Assemblies.Count} reference assemblies: {pack.Assemblies.Count - generated} from NuGet packages, "
    + $"{generated} generated from listings and compiled in {pack.BuildTime.TotalSeconds:F1} s");
return 0;
