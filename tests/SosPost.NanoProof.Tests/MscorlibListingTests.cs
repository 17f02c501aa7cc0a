using SosPost.NanoProof.Tests.Support;
using SosPost.NanoReference;
using SosPost.NanoReference.Listings;

namespace SosPost.NanoProof.Tests;

/// <summary>
/// mscorlib.api.txt held against the real mscorlib.dll of NuGet nanoFramework.CoreLibrary 1.17.11, which the proof
/// compiles against: a wrong or missing listing line is named here instead of hiding a wrong API.
/// </summary>
public sealed class MscorlibListingTests
{
    private static readonly ReferenceAssembly RealMscorlib = ReferencePack.Embedded.Find("mscorlib")!;

    [Fact]
    public void The_proof_compiles_against_the_real_mscorlib_of_its_package()
    {
        Assert.False(RealMscorlib.IsGenerated, "the pack generated mscorlib from its listing instead of taking the package's");

        // Only the package's assembly carries the native version that nanoCLR's own mscorlib must match
        // (../shared/nanoclr/README.md: v100.5.0.24); a generated one has no such attribute.
        var nativeVersion = Assert.Single(
            PackSymbols.Type("System.Object").ContainingAssembly.GetAttributes(),
            a => a.AttributeClass?.Name == "AssemblyNativeVersionAttribute");
        Assert.Equal("100.5.0.24", nativeVersion.ConstructorArguments[0].Value);
    }

    [Fact]
    public void Listing_header_names_the_real_assemblys_version()
    {
        using var text = File.OpenText(Repository.ListingOf("mscorlib"));

        Assert.Equal(RealMscorlib.Version, ListingReader.Read("mscorlib", text).AssemblyVersion);
    }

    [Fact]
    public void Listing_has_every_type_and_member_of_the_real_assembly_with_the_same_signature_and_nothing_else()
    {
        var differences = ListingComparison.Differences(File.ReadLines(Repository.ListingOf("mscorlib")), RealMscorlib.Image);

        Assert.True(
            differences.Count == 0,
            $"mscorlib.api.txt disagrees with the real mscorlib.dll in {differences.Count} line(s):\n" + string.Join('\n', differences));
    }

    [Fact]
    public void A_wrong_listing_line_is_named_as_a_difference()
    {
        const string ToUpper = "System.String::ToUpper()->System.String";
        const string ToUpperReturningInt = "System.String::ToUpper()->System.Int32";
        const string Concat = "System.String::Concat(System.String,System.String)->System.String";
        var planted = File.ReadLines(Repository.ListingOf("mscorlib"))
            .Select(line => line switch
            {
                "M " + ToUpper => "M " + ToUpperReturningInt,   // wrong return type
                "D " + Concat + "|public|static" => "D " + Concat + "|public|-", // instance, not static
                "N " + Concat + "|1|str0|-|-" => "N " + Concat + "|1|first|-|-", // a named argument that would not bind
                _ => line,
            })
            .Where(line => line != "T System.Guid")               // a real type left out
            .Append("M System.String::Shout()->System.String");    // a method nanoFramework does not have

        Assert.Equal(
            [
                ListingComparison.ListedOnly + "D " + Concat + "|public|-",
                ListingComparison.AssemblyOnly + "D " + Concat + "|public|static",
                ListingComparison.ListedOnly + "M System.String::Shout()->System.String",
                ListingComparison.ListedOnly + "M " + ToUpperReturningInt,
                ListingComparison.AssemblyOnly + "M " + ToUpper,
                ListingComparison.ListedOnly + "N " + Concat + "|1|first|-|-",
                ListingComparison.AssemblyOnly + "N " + Concat + "|1|str0|-|-",
                ListingComparison.AssemblyOnly + "T System.Guid",
            ],
            ListingComparison.Differences(planted, RealMscorlib.Image));
    }
}
