using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>One type declaration with its nested types (FORMAT.md, "Types").</summary>
internal sealed class TypeWriter(ApiCatalog catalog, SourceWriter output)
{
    private readonly MethodWriter _methods = new(catalog, output);
    private readonly PropertyWriter _properties = new(catalog, output);

    public void Write(ApiType type)
    {
        foreach (var attribute in AttributeText.For(type.Attributes))
        {
            output.Line(attribute);
        }

        switch (type.Kind)
        {
            case ApiTypeKind.Enum:
                WriteEnum(type);
                break;
            case ApiTypeKind.Delegate:
                WriteDelegate(type);
                break;
            default:
                WriteClassStructOrInterface(type);
                break;
        }
    }

    private void WriteEnum(ApiType type)
    {
        var underlying = type.Fields.FirstOrDefault(f => f.Name == "value__")
            ?? throw new FormatException($"enum {type.Name} has no value__ field");
        var underlyingType = CSharpText.Type(underlying.Type, GenericScope.None);
        output.Open($"{CSharpText.Access(type.Access)} enum {type.SimpleName} : {underlyingType}");
        foreach (var member in type.Fields.Where(f => f.Has("const")))
        {
            foreach (var attribute in AttributeText.For(member.Attributes))
            {
                output.Line(attribute);
            }

            var value = member.Value ?? throw new FormatException($"enum member {member.Key} has no value");
            output.Line($"{CSharpText.Identifier(member.Name)} = {CSharpText.Value(value, underlyingType, targetIsValueType: true)},");
        }

        output.Close();
    }

    private void WriteDelegate(ApiType type)
    {
        // The delegate's .ctor, BeginInvoke and EndInvoke come with the declaration; Invoke gives its shape.
        var invoke = type.Methods.FirstOrDefault(m => m.Name == "Invoke")
            ?? throw new FormatException($"delegate {type.Name} has no Invoke method");
        var scope = GenericScope.Of(type);
        var returnType = CSharpText.Type(invoke.Signature.ReturnType, scope);
        var generics = Constraints.Parameters(type.GenericParameters, withVariance: true);
        var parameters = ParameterText.List(invoke, scope, catalog);
        output.Line($"{CSharpText.Access(type.Access)} delegate {returnType} {type.SimpleName}{generics}({parameters}){Constraints.Where(type.GenericParameters, scope)};");
    }

    private void WriteClassStructOrInterface(ApiType type)
    {
        var scope = GenericScope.Of(type);
        var isInterface = type.Kind == ApiTypeKind.Interface;
        var generics = Constraints.Parameters(type.GenericParameters, withVariance: isInterface);
        output.Open($"{Header(type)}{generics}{BaseList(type, scope)}{Constraints.Where(type.GenericParameters, scope)}");

        WriteDummyFields(type);
        foreach (var nested in type.NestedTypes)
        {
            Write(nested);
        }

        var methods = type.Methods.ToDictionary(m => m.Key, StringComparer.Ordinal);
        var accessorKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            AddIfPresent(accessorKeys, property.GetterKey, property.SetterKey);
        }

        foreach (var @event in type.Events)
        {
            AddIfPresent(accessorKeys, @event.AdderKey, @event.RemoverKey);
        }

        if (!isInterface)
        {
            _methods.Constructors(type);
        }

        _methods.Fields(type);
        _methods.Methods(type, accessorKeys);
        _properties.Properties(type, methods);
        _properties.Events(type, methods);
        _properties.ExplicitImplementations(type);
        output.Close();
    }

    private static string Header(ApiType type)
    {
        var words = new List<string> { CSharpText.Access(type.Access) };
        switch (type.Kind)
        {
            case ApiTypeKind.Class:
                words.AddRange(new[] { "abstract", "sealed", "static" }.Where(type.Has));
                words.Add("class");
                break;
            case ApiTypeKind.Struct:
                // C# wants `ref` right before `struct`.
                words.AddRange(new[] { "readonly", "ref" }.Where(type.Has));
                words.Add("struct");
                break;
            default:
                words.Add("interface");
                break;
        }

        words.Add(type.SimpleName);
        return string.Join(' ', words);
    }

    private string BaseList(ApiType type, GenericScope scope)
    {
        var bases = new List<string>();
        if (type.Kind == ApiTypeKind.Class && type.BaseType is { } baseType && baseType != "System.Object")
        {
            bases.Add(CSharpText.Type(baseType, scope));
        }

        // An interface that no listing declares cannot be written; FORMAT.md says to skip it (none today).
        bases.AddRange(type.Interfaces
            .Where(i => catalog.Find(i.Split('<')[0]) != null)
            .Select(i => CSharpText.Type(i, scope)));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    /// <summary>
    /// A struct's unlisted instance fields still decide whether a local must be assigned before use and whether
    /// the struct is unmanaged, so a stand-in of the same nature is kept.
    /// </summary>
    private void WriteDummyFields(ApiType type)
    {
        if (type.Kind != ApiTypeKind.Struct || type.PrivateFields == "-")
        {
            return;
        }

        var readOnly = type.Has("readonly") ? "readonly " : string.Empty;
        if (type.PrivateFields == "reference")
        {
            output.Line($"private {readOnly}global::System.Object _dummy;");
        }

        output.Line($"private {readOnly}global::System.Int32 _dummyPrimitive;");
    }

    private static void AddIfPresent(HashSet<string> keys, params string?[] candidates)
    {
        foreach (var key in candidates)
        {
            if (key != null)
            {
                keys.Add(key);
            }
        }
    }
}
