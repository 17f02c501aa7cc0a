using SosPost.NanoReference.Listings;

namespace SosPost.NanoProof.Tests;

/// <summary>The listing reader takes the header facts and refuses listings whose lines do not fit together.</summary>
public sealed class ListingReaderTests
{
    private const string Header = """
        # assembly: Probe
        # assembly-version: 1.2.3.4 (as written in Reference elements)
        # referenced assemblies: mscorlib, nanoFramework.Runtime.Events

        """;

    [Fact]
    public void Header_gives_version_and_referenced_assemblies_and_lines_give_the_declarations()
    {
        var listing = Read(Header + """
            B Probe.Beacon:System.Object
            D Probe.Beacon::Blink(System.Int32)->System.Void|public|static
            K Probe.Beacon|class|public|static|-
            M Probe.Beacon::Blink(System.Int32)->System.Void
            N Probe.Beacon::Blink(System.Int32)->System.Void|1|times|optional|System.Int32:-1
            T Probe.Beacon
            """);

        Assert.Equal(new Version(1, 2, 3, 4), listing.AssemblyVersion);
        Assert.Equal(["mscorlib", "nanoFramework.Runtime.Events"], listing.ReferencedAssemblies);
        var method = Assert.Single(Assert.Single(listing.Types).Methods);
        Assert.True(method.Has("static"));
        Assert.Equal("System.Int32:-1", method.Parameters[1].DefaultValue);
    }

    [Fact]
    public void A_method_without_its_declaration_line_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => Read(Header + """
            K Probe.Beacon|class|public|-|-
            M Probe.Beacon::Blink()->System.Void
            T Probe.Beacon
            """));

        Assert.Contains("Probe.Beacon::Blink()->System.Void needs both an M and a D line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_line_after_the_entries_is_refused_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => Read(Header + "T Probe.Beacon\n# late: header\n"));

        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_named_for_another_assembly_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => ListingReader.Read("Other", new StringReader(Header)));

        Assert.Contains("'Probe'", error.Message, StringComparison.Ordinal);
    }

    private static ApiListing Read(string text) => ListingReader.Read("Probe", new StringReader(text.Replace("\r", string.Empty, StringComparison.Ordinal)));
}
