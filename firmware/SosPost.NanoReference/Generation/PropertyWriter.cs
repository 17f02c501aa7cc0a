using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>Properties, indexers and events of one type, and its explicit interface implementations.</summary>
internal sealed class PropertyWriter(ApiCatalog catalog, SourceWriter output)
{
    public void Properties(ApiType type, IReadOnlyDictionary<string, ApiMethod> methods)
    {
        var inInterface = type.Kind == ApiTypeKind.Interface;
        var scope = GenericScope.Of(type);
        foreach (var property in type.Properties)
        {
            var accessors = Accessors(property, methods);
            var main = accessors.OrderByDescending(a => AccessRank(a.Method.Access)).First().Method;
            var isAbstract = inInterface || main.Has("abstract");

            foreach (var attribute in AttributeText.For(property.Attributes))
            {
                output.Line(attribute);
            }

            if (property.IsIndexer && property.Name != "Item")
            {
                output.Line($"[global::System.Runtime.CompilerServices.IndexerNameAttribute(\"{property.Name}\")]");
            }

            // `readonly` belongs on the accessor that has it, not on the property.
            var modifiers = MemberModifiers(main, inInterface);
            var name = property.IsIndexer ? $"this[{IndexerParameters(property, accessors[0], scope, withDefaults: true)}]" : CSharpText.Identifier(property.Name);
            var body = string.Join(' ', accessors.Select(a => Accessor(a, main, isAbstract, inInterface)));
            output.Line($"{modifiers}{(modifiers.Length > 0 ? " " : string.Empty)}{CSharpText.Type(property.Type, scope)} {name} {{ {body} }}");
        }
    }

    public void Events(ApiType type, IReadOnlyDictionary<string, ApiMethod> methods)
    {
        var inInterface = type.Kind == ApiTypeKind.Interface;
        var scope = GenericScope.Of(type);
        foreach (var @event in type.Events)
        {
            var adder = Lookup(methods, @event.AdderKey);
            foreach (var attribute in AttributeText.For(@event.Attributes))
            {
                output.Line(attribute);
            }

            var modifiers = MemberModifiers(adder, inInterface);
            var declaration = $"{modifiers}{(modifiers.Length > 0 ? " " : string.Empty)}event {CSharpText.Type(@event.HandlerType, scope)} {CSharpText.Identifier(@event.Name)}";

            // Explicit accessors: no backing field, so no need for Interlocked or Delegate.Combine in the library.
            output.Line(inInterface || adder.Has("abstract") ? declaration + ";" : declaration + " { add { } remove { } }");
        }
    }

    /// <summary>
    /// X lines: members reachable only through the interface. Without them the type would not compile
    /// (CS0535), and written as public members they would wrongly be callable on the type.
    /// </summary>
    public void ExplicitImplementations(ApiType type)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in type.ExplicitImplementations)
        {
            var (interfaceSig, member) = MethodSignature.SplitMemberKey(entry);
            if (interfaceSig.Contains('<', StringComparison.Ordinal))
            {
                throw new NotSupportedException($"{type.Name}: explicit implementation of a generic interface ({entry})");
            }

            var @interface = catalog.Find(interfaceSig)
                ?? throw new FormatException($"{type.Name}: explicitly implemented interface {interfaceSig} is not listed");
            var interfaceMethods = @interface.Methods.ToDictionary(m => m.Key, StringComparer.Ordinal);
            var method = Lookup(interfaceMethods, $"{interfaceSig}::{member}");
            var qualifier = CSharpText.TypeName(interfaceSig);
            var scope = GenericScope.Of(@interface);

            if (@interface.Properties.FirstOrDefault(p => p.GetterKey == method.Key || p.SetterKey == method.Key) is { } property)
            {
                if (done.Add(property.Signature.Name))
                {
                    WriteExplicitProperty(type, property, interfaceMethods, qualifier, scope);
                }
            }
            else if (@interface.Events.FirstOrDefault(e => e.AdderKey == method.Key || e.RemoverKey == method.Key) is { } @event)
            {
                if (done.Add(@event.Name))
                {
                    output.Line($"event {CSharpText.Type(@event.HandlerType, scope)} {qualifier}.{CSharpText.Identifier(@event.Name)} {{ add {{ }} remove {{ }} }}");
                }
            }
            else
            {
                var returnType = CSharpText.Type(method.Signature.ReturnType, scope);
                var parameters = ParameterText.List(method, scope, catalog, withDefaults: false);
                output.Line($"{returnType} {qualifier}.{CSharpText.Identifier(method.Name)}({parameters}) => throw null;");
            }
        }
    }

    private void WriteExplicitProperty(ApiType type, ApiProperty property, Dictionary<string, ApiMethod> interfaceMethods, string qualifier, GenericScope scope)
    {
        // Only the accessors the type lists in X lines are implemented explicitly.
        var accessors = Accessors(property, interfaceMethods)
            .Where(a => type.ExplicitImplementations.Contains(a.Method.Key, StringComparer.Ordinal))
            .ToList();
        var name = property.IsIndexer ? $"this[{IndexerParameters(property, accessors[0], scope, withDefaults: false)}]" : CSharpText.Identifier(property.Name);
        var body = string.Join(' ', accessors.Select(a => a.Keyword == "get" ? "get => throw null;" : $"{a.Keyword} {{ }}"));
        output.Line($"{CSharpText.Type(property.Type, scope)} {qualifier}.{name} {{ {body} }}");
    }

    private string IndexerParameters(ApiProperty property, (string Keyword, ApiMethod Method) accessor, GenericScope scope, bool withDefaults)
        => ParameterText.List(accessor.Method, scope, catalog, property.Signature.ParameterTypes.Count, withDefaults);

    private static List<(string Keyword, ApiMethod Method)> Accessors(ApiProperty property, IReadOnlyDictionary<string, ApiMethod> methods)
    {
        var accessors = new List<(string Keyword, ApiMethod Method)>();
        if (property.GetterKey is { } getter)
        {
            accessors.Add(("get", Lookup(methods, getter)));
        }

        if (property.SetterKey is { } setterKey)
        {
            var setter = Lookup(methods, setterKey);
            accessors.Add((setter.Has("init") ? "init" : "set", setter));
        }

        return accessors.Count > 0 ? accessors : throw new FormatException($"property {property.Name} lists no accessor");
    }

    private static string Accessor((string Keyword, ApiMethod Method) accessor, ApiMethod main, bool isAbstract, bool inInterface)
    {
        var words = new List<string>();
        words.AddRange(AttributeText.For(accessor.Method.Attributes));
        if (!inInterface && AccessRank(accessor.Method.Access) < AccessRank(main.Access))
        {
            words.Add(CSharpText.Access(accessor.Method.Access));
        }

        if (accessor.Method.Has("readonly"))
        {
            words.Add("readonly");
        }

        words.Add(accessor.Keyword);
        var body = isAbstract ? ";" : accessor.Keyword == "get" ? " => throw null;" : " { }";
        return string.Join(' ', words) + body;
    }

    private static string MemberModifiers(ApiMethod accessor, bool inInterface)
    {
        if (inInterface)
        {
            return accessor.Has("static") ? "static" : string.Empty;
        }

        return string.Join(' ', MethodWriter.InheritanceModifiers(accessor).Prepend(CSharpText.Access(accessor.Access)));
    }

    private static int AccessRank(string access) => access switch
    {
        "public" => 3,
        "protectedinternal" => 2,
        _ => 1,
    };

    private static ApiMethod Lookup(IReadOnlyDictionary<string, ApiMethod> methods, string key)
        => methods.TryGetValue(key, out var method) ? method : throw new FormatException($"accessor {key} has no M line");
}
