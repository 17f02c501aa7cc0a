using Microsoft.CodeAnalysis;
using SosPost.NanoProof.Tests.Support;
using SosPost.NanoReference;

namespace SosPost.NanoProof.Tests;

/// <summary>
/// The generator and the compiled pack: every generated assembly compiles and reads back as its listing.
/// mscorlib is the real one; <see cref="MscorlibListingTests"/> holds its listing against it.
/// </summary>
public sealed class ReferencePackTests(ITestOutputHelper output)
{
    public static TheoryData<string> ListedAssemblies()
        => [.. Directory.GetFiles(Repository.ListingFolder, "*.api.txt")
            .Select(path => Path.GetFileName(path)[..^".api.txt".Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>The listed assemblies the pack generates: all but those taken from their packages (mscorlib).</summary>
    public static TheoryData<string> GeneratedAssemblies()
        => [.. ListedAssemblies().Select(row => row.Data).Where(name => ReferencePack.Embedded.Find(name)?.IsGenerated != false)];

    [Fact]
    public void The_pack_holds_one_assembly_per_listing_in_the_repository()
    {
        var pack = ReferencePack.Embedded;
        output.WriteLine($"pack built in {pack.BuildTime.TotalMilliseconds:F0} ms: {string.Join(", ", pack.Assemblies.Select(a => a.Name))}");

        Assert.Equal(
            ListedAssemblies().Select(row => row.Data).Order(StringComparer.Ordinal),
            pack.Assemblies.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal("mscorlib", pack.Assemblies[0].Name);
    }

    [Theory]
    [MemberData(nameof(GeneratedAssemblies))]
    public void Listing_generates_source_that_compiles_without_errors_or_warnings(string assemblyName)
    {
        var assembly = ReferencePack.Embedded.Find(assemblyName);

        Assert.NotNull(assembly);
        Assert.True(
            assembly.Succeeded && assembly.Diagnostics.IsEmpty,
            $"{assemblyName} did not compile cleanly:\n{string.Join('\n', assembly.Diagnostics)}");
    }

    [Theory]
    [MemberData(nameof(GeneratedAssemblies))]
    public void Generated_assembly_reads_back_as_its_listing_with_the_same_signatures_and_method_modifiers(string assemblyName)
    {
        // T, B, I, M, F and D lines: every visible type, base, interface, method and field, nothing more, and which
        // methods are static, virtual, abstract, override or sealed (the lookup lines cannot tell).
        var listing = File.ReadLines(Repository.ListingOf(assemblyName));
        var differences = ListingComparison.Differences(listing, ReferencePack.Embedded.Find(assemblyName)!.Image);

        Assert.True(differences.Count == 0, $"{assemblyName}: {differences.Count} difference(s)\n" + string.Join('\n', differences));
    }

    [Fact]
    public void Assembly_versions_and_references_come_from_the_listing_headers()
    {
        var gpio = ReferencePack.Embedded.Find("System.Device.Gpio")!;

        Assert.Equal(new Version(1, 1, 62, 0), gpio.Version);
        Assert.Equal(["mscorlib", "nanoFramework.Runtime.Events"], gpio.ReferencedAssemblies);
        Assert.Equal(new Version(1, 1, 52, 34401), ReferencePack.Embedded.Find("System.Threading")!.Version);
        Assert.Equal(new Version(1, 17, 11, 0), PackSymbols.Type("System.Object").ContainingAssembly.Identity.Version);
    }

    [Fact]
    public void Mscorlib_has_string_Format_with_params_only_and_none_of_the_generic_collections()
    {
        var format = Assert.Single(PackSymbols.Type("System.String").GetMembers("Format").OfType<IMethodSymbol>());
        Assert.Equal(SpecialType.System_String, format.Parameters[0].Type.SpecialType);
        Assert.Equal(SpecialType.System_Object, Assert.IsAssignableFrom<IArrayTypeSymbol>(format.Parameters[1].Type).ElementType.SpecialType);
        Assert.True(format.Parameters[1].IsParams);

        Assert.NotNull(PackSymbols.Find("System.Collections.ArrayList"));
        string[] absent =
        [
            "System.Collections.Generic.List`1", "System.Collections.Generic.IEnumerable`1", "System.Nullable`1",
            "System.Span`1", "System.Linq.Enumerable", "System.Threading.Tasks.Task", "System.Decimal",
            "System.Runtime.CompilerServices.IsVolatile", "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        ];
        Assert.All(absent, name => Assert.Null(PackSymbols.Find(name)));
        Assert.Empty(PackSymbols.Type("System.DateTime").GetMembers("Now"));
    }

    [Fact]
    public void Math_lives_in_System_Math_and_Hashtable_in_nanoFramework_System_Collections()
    {
        Assert.Equal("System.Math", PackSymbols.AssemblyOf("System.Math")?.Name);
        Assert.Equal("nanoFramework.System.Collections", PackSymbols.AssemblyOf("System.Collections.Hashtable")?.Name);
        Assert.Equal("nanoFramework.System.Text", PackSymbols.AssemblyOf("System.Text.StringBuilder")?.Name);
    }

    [Fact]
    public void GpioController_OpenPin_returns_a_GpioPin_that_only_the_library_can_construct()
    {
        var openPin = PackSymbols.Type("System.Device.Gpio.GpioController").GetMembers("OpenPin").OfType<IMethodSymbol>()
            .Single(m => m.Parameters.Length == 2);

        Assert.Equal("System.Device.Gpio.PinMode", openPin.Parameters[1].Type.ToDisplayString());
        Assert.Equal("System.Device.Gpio.GpioPin", openPin.ReturnType.ToDisplayString());
        Assert.All(
            PackSymbols.Type("System.Device.Gpio.GpioPin").InstanceConstructors,
            constructor => Assert.Equal(Accessibility.Internal, constructor.DeclaredAccessibility));
    }

    [Fact]
    public void Constants_and_enum_members_carry_their_listed_values()
    {
        object? Constant(string type, string field)
            => PackSymbols.Type(type).GetMembers(field).OfType<IFieldSymbol>().Single().ConstantValue;

        Assert.Equal(-1, Constant("System.Threading.Timeout", "Infinite"));
        Assert.Equal(1883, Constant("nanoFramework.M2Mqtt.MqttSettings", "BrokerDefaultPort"));
        Assert.Equal(8883, Constant("nanoFramework.M2Mqtt.MqttSettings", "BrokerDefaultSslPort"));
        Assert.True(double.IsNaN((double)Constant("System.Double", "NaN")!));
        Assert.Equal(long.MinValue, Constant("System.Int64", "MinValue"));
        Assert.Equal(2, Constant("System.Device.Gpio.PinEventTypes", "Falling"));
        Assert.Contains(
            PackSymbols.Type("System.Device.Gpio.PinEventTypes").GetAttributes(),
            a => a.AttributeClass?.Name == "FlagsAttribute");
    }

    [Fact]
    public void MqttClient_has_the_host_name_constructor_and_the_secure_one()
    {
        var constructors = PackSymbols.Type("nanoFramework.M2Mqtt.MqttClient").InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .Select(c => string.Join(", ", c.Parameters.Select(p => p.Type.Name)))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["String", "String, Int32, Boolean, X509Certificate, X509Certificate, MqttSslProtocols"],
            constructors);
    }

    [Fact]
    public void Optional_parameters_keep_their_defaults_and_caller_argument_expressions()
    {
        var serialPort = Assert.Single(PackSymbols.Type("System.IO.Ports.SerialPort").InstanceConstructors, c => c.DeclaredAccessibility == Accessibility.Public);
        Assert.Equal(
            [null, 9600, 0, 8, 1],
            serialPort.Parameters.Select(p => p.HasExplicitDefaultValue ? p.ExplicitDefaultValue : null));

        var areEqual = PackSymbols.Type("nanoFramework.TestFramework.Assert").GetMembers("AreEqual").OfType<IMethodSymbol>()
            .First(m => m.Parameters.Length == 3 && m.Parameters[0].Type.SpecialType == SpecialType.System_Int32);
        var expression = Assert.Single(areEqual.Parameters[2].GetAttributes());
        Assert.Equal("CallerArgumentExpressionAttribute", expression.AttributeClass?.Name);
        Assert.Equal("actual", expression.ConstructorArguments[0].Value);
    }

    [Fact]
    public void Compile_time_attributes_survive_Conditional_Obsolete_and_the_indexer_name()
    {
        var writeLine = PackSymbols.Type("System.Diagnostics.Debug").GetMembers("WriteLine").OfType<IMethodSymbol>().Single(m => m.Parameters.Length == 1);
        var conditional = Assert.Single(writeLine.GetAttributes());
        Assert.Equal("DEBUG", conditional.ConstructorArguments[0].Value);

        var local = PackSymbols.Type("System.DateTimeKind").GetMembers("Local").Single();
        var obsolete = Assert.Single(local.GetAttributes());
        Assert.Equal(true, obsolete.ConstructorArguments[1].Value);

        var indexer = Assert.Single(PackSymbols.Type("System.String").GetMembers().OfType<IPropertySymbol>(), p => p.IsIndexer);
        Assert.Equal("Chars", indexer.MetadataName);
    }

    [Fact]
    public void Explicit_interface_members_of_Array_are_reachable_only_through_the_interface()
    {
        var array = PackSymbols.Type("System.Array");
        var ilist = PackSymbols.Type("System.Collections.IList");

        Assert.Empty(array.GetMembers("Add"));
        var add = array.FindImplementationForInterfaceMember(ilist.GetMembers("Add").Single());
        Assert.NotNull(add);
        Assert.Equal(Accessibility.Private, add.DeclaredAccessibility);
    }
}
