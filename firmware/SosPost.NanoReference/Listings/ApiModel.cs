namespace SosPost.NanoReference.Listings;

// The declarations of one listing, as read from its lines (grammar: firmware/nanoframework-api/FORMAT.md).
// Names, type signatures and values keep the listing's own notation; Generation/ turns them into C#.

/// <summary>One assembly's listing: the header facts and its visible types in listing order.</summary>
internal sealed class ApiListing(string assemblyName, Version assemblyVersion, IReadOnlyList<string> referencedAssemblies)
{
    public string AssemblyName { get; } = assemblyName;

    public Version AssemblyVersion { get; } = assemblyVersion;

    public IReadOnlyList<string> ReferencedAssemblies { get; } = referencedAssemblies;

    public List<ApiType> Types { get; } = [];
}

internal enum ApiTypeKind
{
    Class,
    Struct,
    Enum,
    Interface,
    Delegate,
}

/// <summary>A type: its K line, B and I lines, G lines, members and attributes.</summary>
internal sealed class ApiType(string name)
{
    /// <summary>Metadata name: <c>Namespace.Name`1</c>, nested types <c>Outer/Inner</c>.</summary>
    public string Name { get; } = name;

    public bool IsListed { get; set; }

    public bool IsDeclared { get; set; }

    public ApiTypeKind Kind { get; set; }

    public string Access { get; set; } = "public";

    public HashSet<string> Modifiers { get; } = new(StringComparer.Ordinal);

    /// <summary><c>-</c>, <c>value</c> or <c>reference</c>: the struct's unlisted instance fields.</summary>
    public string PrivateFields { get; set; } = "-";

    public string? BaseType { get; set; }

    public List<string> Interfaces { get; } = [];

    public List<ApiGenericParameter> GenericParameters { get; } = [];

    public List<ApiMethod> Methods { get; } = [];

    public List<ApiField> Fields { get; } = [];

    public List<ApiProperty> Properties { get; } = [];

    public List<ApiEvent> Events { get; } = [];

    public List<string> ExplicitImplementations { get; } = [];

    public List<ApiAttribute> Attributes { get; } = [];

    public List<ApiType> NestedTypes { get; } = [];

    public string? OuterTypeName => Name.Contains('/', StringComparison.Ordinal) ? Name[..Name.LastIndexOf('/')] : null;

    /// <summary>The namespace of the outermost type; empty for the global namespace.</summary>
    public string Namespace
    {
        get
        {
            var outermost = Name.Split('/')[0];
            var dot = outermost.LastIndexOf('.');
            return dot < 0 ? string.Empty : outermost[..dot];
        }
    }

    /// <summary>The C# name: the last segment without namespace, outer type or arity.</summary>
    public string SimpleName
    {
        get
        {
            var last = Name[(Name.LastIndexOf('/') + 1)..];
            last = last[(last.LastIndexOf('.') + 1)..];
            var tick = last.IndexOf('`', StringComparison.Ordinal);
            return tick < 0 ? last : last[..tick];
        }
    }

    public bool Has(string modifier) => Modifiers.Contains(modifier);
}

internal sealed class ApiGenericParameter(int index, string name, IReadOnlyList<string> flags, IReadOnlyList<string> constraints)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public IReadOnlyList<string> Flags { get; } = flags;

    public IReadOnlyList<string> Constraints { get; } = constraints;
}

/// <summary>A method or constructor: its M, D and N lines (and G lines when generic).</summary>
internal sealed class ApiMethod(string key, MethodSignature signature)
{
    public string Key { get; } = key;

    public MethodSignature Signature { get; } = signature;

    public string Name => Signature.Name;

    public bool IsListed { get; set; }

    public bool IsDeclared { get; set; }

    public string Access { get; set; } = "public";

    public HashSet<string> Modifiers { get; } = new(StringComparer.Ordinal);

    public SortedList<int, ApiParameter> Parameters { get; } = [];

    public List<ApiGenericParameter> GenericParameters { get; } = [];

    public List<ApiAttribute> Attributes { get; } = [];

    public bool Has(string modifier) => Modifiers.Contains(modifier);
}

/// <summary>An N line: one parameter, with flags such as <c>out</c>, <c>params</c>, <c>optional</c>.</summary>
internal sealed class ApiParameter(int position, string name, IReadOnlyList<string> flags, string? defaultValue)
{
    public int Position { get; } = position;

    public string Name { get; } = name;

    public IReadOnlyList<string> Flags { get; } = flags;

    /// <summary>The default in the listing's value notation, or null when there is none.</summary>
    public string? DefaultValue { get; } = defaultValue;

    public bool Has(string flag) => Flags.Contains(flag, StringComparer.Ordinal);
}

/// <summary>A field: its F and V lines.</summary>
internal sealed class ApiField(string key, string name, string type)
{
    public string Key { get; } = key;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public bool IsListed { get; set; }

    public bool IsDeclared { get; set; }

    public string Access { get; set; } = "public";

    public HashSet<string> Modifiers { get; } = new(StringComparer.Ordinal);

    public string? Value { get; set; }

    public List<ApiAttribute> Attributes { get; } = [];

    public bool Has(string modifier) => Modifiers.Contains(modifier);
}

/// <summary>A P line: a property or indexer tied to its accessor methods.</summary>
internal sealed class ApiProperty(string typeName, MethodSignature signature, string? getterName, string? setterName)
{
    public MethodSignature Signature { get; } = signature;

    public string Name => Signature.Name;

    public string Type => Signature.ReturnType;

    public bool IsIndexer => Signature.ParameterTypes.Count > 0;

    public string? GetterKey { get; } = getterName == null ? null
        : MethodSignature.Format(typeName, getterName, signature.ParameterTypes, signature.ReturnType);

    public string? SetterKey { get; } = setterName == null ? null
        : MethodSignature.Format(typeName, setterName, [.. signature.ParameterTypes, signature.ReturnType], "System.Void");

    public List<ApiAttribute> Attributes { get; } = [];
}

/// <summary>An E line: an event tied to its add and remove methods.</summary>
internal sealed class ApiEvent(string typeName, string name, string handlerType, string adderName, string removerName)
{
    public string Name { get; } = name;

    public string HandlerType { get; } = handlerType;

    public string AdderKey { get; } = MethodSignature.Format(typeName, adderName, [handlerType], "System.Void");

    public string RemoverKey { get; } = MethodSignature.Format(typeName, removerName, [handlerType], "System.Void");

    public List<ApiAttribute> Attributes { get; } = [];
}

/// <summary>A C line: an attribute type and its arguments in value notation (named ones as <c>Name=value</c>).</summary>
internal sealed class ApiAttribute(string typeName, IReadOnlyList<string> arguments)
{
    public string TypeName { get; } = typeName;

    public IReadOnlyList<string> Arguments { get; } = arguments;
}
