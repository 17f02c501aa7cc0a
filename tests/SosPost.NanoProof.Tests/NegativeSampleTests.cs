using SosPost.NanoProof.Tests.Support;
using SosPost.NanoReference;

namespace SosPost.NanoProof.Tests;

/// <summary>
/// Keeps the proof honest: code using what nanoFramework lacks must fail against the pack with the compiler's own
/// error, while the same code compiles for net10.0, and code in the allowed subset must compile clean.
/// </summary>
public sealed class NegativeSampleTests(ITestOutputHelper output)
{
    private const string AllowedSubset = "AllowedSubset.cs";

    // The portable projects' references: no System.Math, so Math.Max must fail.
    private static readonly string[] SampleReferences = ["mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text"];

    /// <summary>Each sample and exactly the errors it must produce, so it cannot fail for an unrelated reason.</summary>
    public static TheoryData<string, string[]> Rejected() => new()
    {
        { "GenericList.cs", ["CS0234", "CS0246"] },   // namespace System.Collections.Generic, type List<>
        { "LinqWhereCount.cs", ["CS0234", "CS1061"] },  // namespace System.Linq, int[].Where
        { "AsyncAwait.cs", ["CS0103", "CS0234", "CS0246"] }, // namespace System.Threading.Tasks, type Task<>, name Task
        { "DateTimeNow.cs", ["CS0117"] },              // DateTime has no Now
        { "NullableInt.cs", ["CS0518"] },              // predefined type Nullable`1 missing
        { "SpanOfT.cs", ["CS0246"] },                  // type Span<>
        { "StringJoin.cs", ["CS0117"] },               // string has no Join
        { "StringReplace.cs", ["CS1061"] },            // string has no Replace
        { "MathMax.cs", ["CS0103"] },                  // no Math without the System.Math reference
        { "VolatileField.cs", ["CS0518"] },            // predefined type IsVolatile missing
        { "YieldReturn.cs", ["CS0518", "CS0656"] },    // predefined IEnumerable`1/IEnumerator`1 and their members
        { "DecimalValue.cs", ["CS0518"] },             // predefined type Decimal missing
        { "TupleValue.cs", ["CS8130", "CS8179"] },     // predefined ValueTuple`2, so the deconstruction cannot be typed
        { "DateTimeKindLocal.cs", ["CS0619"] },        // obsolete with error
        { "IndexFromEnd.cs", ["CS0518", "CS0656"] },   // predefined type Index and its constructor
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Sample_using_what_nanoFramework_lacks_fails_with_the_compilers_own_error(string sample, string[] expectedErrors)
    {
        var compilation = Compile(sample, SampleReferences);
        output.WriteLine(compilation.Report());

        Assert.False(compilation.Succeeded, $"{sample} compiled against the pack, but nanoFramework cannot run it");
        Assert.Equal(
            expectedErrors.Order(StringComparer.Ordinal),
            compilation.Errors.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejected_sample_is_valid_CSharp_on_net10(string sample, string[] expectedErrors)
    {
        Assert.NotEmpty(expectedErrors);
        var errors = HostCompiler.Errors(Path.Combine(Repository.Samples, sample));

        Assert.True(errors.Count == 0, $"{sample} does not compile for net10.0 either:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [InlineData("Release")]
    [InlineData("Debug")]
    public void Allowed_subset_compiles_without_errors_or_warnings(string configuration)
    {
        var compilation = Compile(AllowedSubset, SampleReferences, configuration == "Debug" ? ["DEBUG"] : []);
        output.WriteLine(compilation.Report());

        Assert.True(compilation.Succeeded && compilation.Diagnostics.IsEmpty, compilation.Report());
    }

    [Fact]
    public void Allowed_subset_is_valid_CSharp_on_net10()
        => Assert.Empty(HostCompiler.Errors(Path.Combine(Repository.Samples, AllowedSubset)));

    [Fact]
    public void Math_compiles_once_the_System_Math_assembly_is_referenced()
    {
        var compilation = Compile("MathMax.cs", [.. SampleReferences, "System.Math"]);

        Assert.True(compilation.Succeeded, compilation.Report());
    }

    [Fact]
    public void Debug_WriteLine_is_compiled_only_into_a_Debug_build()
    {
        // [Conditional("DEBUG")] must survive generation, or Release firmware would log through Debug.
        var release = Compile(AllowedSubset, SampleReferences);
        var debug = Compile(AllowedSubset, SampleReferences, ["DEBUG"]);

        Assert.True(debug.Image.Length > 0 && release.Image.Length > 0);
        Assert.Contains("WriteLine", MemberReferenceNames(debug));
        Assert.DoesNotContain("WriteLine", MemberReferenceNames(release));
    }

    [Fact]
    public void Every_sample_file_is_checked()
    {
        var checkedSamples = Rejected().Select(row => row.Data.Item1).Append(AllowedSubset).Order(StringComparer.Ordinal);
        var files = Directory.GetFiles(Repository.Samples, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(checkedSamples, files);
    }

    private static NanoCompilation Compile(string sample, IEnumerable<string> references, IEnumerable<string>? defines = null)
        => NanoCompiler.Compile(
            [Path.Combine(Repository.Samples, sample)],
            references,
            defines,
            options: new NanoCompileOptions { AssemblyName = Path.GetFileNameWithoutExtension(sample) });

    private static List<string> MemberReferenceNames(NanoCompilation compilation)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(compilation.Image);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return [.. metadata.MemberReferences.Select(h => metadata.GetString(metadata.GetMemberReference(h).Name))];
    }
}
