using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>Constructors, methods, operators, finalizers and fields of one type (FORMAT.md, "Constructors" to "Fields").</summary>
internal sealed class MethodWriter(ApiCatalog catalog, SourceWriter output)
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["op_Addition"] = "+", ["op_Subtraction"] = "-", ["op_Multiply"] = "*", ["op_Division"] = "/",
        ["op_Modulus"] = "%", ["op_BitwiseAnd"] = "&", ["op_BitwiseOr"] = "|", ["op_ExclusiveOr"] = "^",
        ["op_LeftShift"] = "<<", ["op_RightShift"] = ">>", ["op_Equality"] = "==", ["op_Inequality"] = "!=",
        ["op_LessThan"] = "<", ["op_GreaterThan"] = ">", ["op_LessThanOrEqual"] = "<=", ["op_GreaterThanOrEqual"] = ">=",
        ["op_UnaryNegation"] = "-", ["op_UnaryPlus"] = "+", ["op_LogicalNot"] = "!", ["op_OnesComplement"] = "~",
        ["op_Increment"] = "++", ["op_Decrement"] = "--", ["op_True"] = "true", ["op_False"] = "false",
    };

    public void Constructors(ApiType type)
    {
        var constructors = type.Methods.Where(m => m.Name == ".ctor").ToList();
        var chain = type.Kind == ApiTypeKind.Class ? BaseConstructorCall(type) : string.Empty;
        if (constructors.Count == 0 && type.Kind == ApiTypeKind.Class && !type.Has("static"))
        {
            // Only non-public constructors exist. Without one C# would add a public `new T()` that does not exist.
            output.Line($"internal {type.SimpleName}(){chain} {{ }}");
        }

        var scope = GenericScope.Of(type);
        foreach (var constructor in constructors)
        {
            WriteAttributes(constructor.Attributes);
            var parameters = ParameterText.List(constructor, scope, catalog);
            output.Line($"{CSharpText.Access(constructor.Access)} {type.SimpleName}({parameters}){chain} {{ throw null; }}");
        }
    }

    public void Fields(ApiType type)
    {
        var scope = GenericScope.Of(type);
        foreach (var field in type.Fields)
        {
            WriteAttributes(field.Attributes);
            var fieldType = CSharpText.Type(field.Type, scope);
            var name = CSharpText.Identifier(field.Name);
            if (field.Has("const"))
            {
                var value = field.Value ?? throw new FormatException($"constant {field.Key} has no value");
                output.Line($"{CSharpText.Access(field.Access)} const {fieldType} {name} = {CSharpText.Value(value, fieldType, catalog.IsValueType(field.Type))};");
                continue;
            }

            string[] modifiers = ["static", "readonly", "volatile"];
            var written = modifiers.Where(field.Has).Prepend(CSharpText.Access(field.Access));
            output.Line($"{string.Join(' ', written)} {fieldType} {name};");
        }
    }

    /// <summary>Methods that are not constructors and not accessors of a property or event.</summary>
    public void Methods(ApiType type, ISet<string> accessorKeys)
    {
        var inInterface = type.Kind == ApiTypeKind.Interface;
        foreach (var method in type.Methods.Where(m => m.Name != ".ctor" && !accessorKeys.Contains(m.Key)))
        {
            var scope = GenericScope.Of(type).With(method);
            WriteAttributes(method.Attributes);
            if (method.Name == "Finalize" && method.Parameters.Count == 0 && (method.Has("override") || method.Has("virtual")))
            {
                // C# does not let a class declare Finalize; a destructor compiles to it.
                output.Line($"~{type.SimpleName}() {{ }}");
                continue;
            }

            var returnType = CSharpText.Type(method.Signature.ReturnType, scope);
            var parameters = ParameterText.List(method, scope, catalog);
            var modifiers = Modifiers(method, inInterface);
            var body = method.Has("abstract") || (inInterface && !method.Has("static")) ? ";" : " => throw null;";
            if (method.Has("specialname") && method.Has("static") && method.Name.StartsWith("op_", StringComparison.Ordinal))
            {
                output.Line($"{modifiers} {OperatorDeclaration(method, returnType)}({parameters}){body}");
                continue;
            }

            var (name, genericParameters) = NameAndGenericParameters(method);
            output.Line($"{modifiers}{(modifiers.Length > 0 ? " " : string.Empty)}{returnType} {name}{genericParameters}({parameters}){Constraints.Where(method.GenericParameters, scope)}{body}");
        }
    }

    /// <summary>The C# modifiers of a method or accessor, starting with its access; none inside an interface.</summary>
    private static string Modifiers(ApiMethod method, bool inInterface)
    {
        if (inInterface)
        {
            // Every interface instance member is abstract, and C# writes that as nothing.
            return method.Has("static") ? "static" : string.Empty;
        }

        var words = new List<string> { CSharpText.Access(method.Access) };
        words.AddRange(InheritanceModifiers(method));
        if (method.Has("readonly"))
        {
            words.Add("readonly");
        }

        return string.Join(' ', words);
    }

    public static IEnumerable<string> InheritanceModifiers(ApiMethod method)
    {
        if (method.Has("static"))
        {
            yield return "static";
        }

        if (method.Has("sealed"))
        {
            yield return "sealed";
        }

        if (method.Has("abstract"))
        {
            yield return "abstract";
        }

        if (method.Has("override"))
        {
            yield return "override";
        }
        else if (method.Has("virtual"))
        {
            yield return "virtual";
        }
    }

    private void WriteAttributes(IEnumerable<ApiAttribute> attributes)
    {
        foreach (var attribute in AttributeText.For(attributes))
        {
            output.Line(attribute);
        }
    }

    private static string OperatorDeclaration(ApiMethod method, string returnType) => method.Name switch
    {
        "op_Implicit" => $"implicit operator {returnType}",
        "op_Explicit" => $"explicit operator {returnType}",
        _ when Operators.TryGetValue(method.Name, out var symbol) => $"{returnType} operator {symbol}",
        _ => throw new NotSupportedException($"unknown operator {method.Key}"),
    };

    private static (string Name, string GenericParameters) NameAndGenericParameters(ApiMethod method)
    {
        var tick = method.Name.IndexOf("``", StringComparison.Ordinal);
        var name = CSharpText.Identifier(tick < 0 ? method.Name : method.Name[..tick]);
        var generic = method.GenericParameters.Count == 0 ? string.Empty
            : $"<{string.Join(", ", method.GenericParameters.Select(p => CSharpText.Identifier(p.Name)))}>";
        return (name, generic);
    }

    /// <summary>
    /// <c>: base(default(T1), ...)</c> when the base class has no constructor callable without arguments, so that
    /// every emitted constructor compiles (FORMAT.md: EventSink and NativeEventDispatcher).
    /// </summary>
    private string BaseConstructorCall(ApiType type)
    {
        if (type.BaseType is not { } baseName || catalog.Find(baseName) is not { } baseType)
        {
            return string.Empty;
        }

        var constructors = baseType.Methods.Where(m => m.Name == ".ctor" && m.Access != "private").ToList();
        if (constructors.Count == 0 || constructors.Any(c => c.Parameters.Values.All(p => p.Has("optional") || p.Has("params"))))
        {
            // No .ctor line: the base got `internal Base() { }` in its own assembly, and implicit chaining works.
            return string.Empty;
        }

        var chosen = constructors
            .Where(c => !c.Signature.ParameterTypes.Any(t => t.EndsWith('&')))
            .OrderBy(c => c.Parameters.Count)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new NotSupportedException($"{type.Name}: no base constructor of {baseName} can be called with default arguments");
        var scope = GenericScope.Of(baseType);
        var arguments = chosen.Signature.ParameterTypes.Select(t => $"default({CSharpText.Type(t, scope)})");
        return $" : base({string.Join(", ", arguments)})";
    }
}
