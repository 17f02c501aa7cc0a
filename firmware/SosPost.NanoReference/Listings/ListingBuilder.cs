namespace SosPost.NanoReference.Listings;

/// <summary>
/// Collects the lines of one listing. Lines arrive in ordinal order, so a D line comes before the M line it
/// describes: every key is created on first sight, and <see cref="Complete"/> checks that each was listed.
/// </summary>
internal sealed class ListingBuilder(ApiListing listing)
{
    private readonly Dictionary<string, ApiType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiMethod> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiField> _fields = new(StringComparer.Ordinal);

    // C lines for properties and events sort before their P and E lines ('C' < 'E' < 'P'): held until Complete.
    private readonly Dictionary<string, List<ApiAttribute>> _propertyAndEventAttributes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ApiAttribute>> _propertiesAndEvents = new(StringComparer.Ordinal);

    public void Add(char kind, string entry)
    {
        var fields = entry.Split('|');
        switch (kind)
        {
            case 'T':
                Type(entry).IsListed = true;
                break;
            case 'K':
                Declare(Type(fields[0]), fields);
                break;
            case 'B':
                var (derived, baseType) = SplitAtFirstColon(entry);
                Type(derived).BaseType = baseType;
                break;
            case 'I':
                var (implementer, @interface) = SplitAtFirstColon(entry);
                Type(implementer).Interfaces.Add(@interface);
                break;
            case 'G':
                AddGenericParameter(fields);
                break;
            case 'M':
                Method(entry).IsListed = true;
                break;
            case 'D':
                Declare(Method(fields[0]), fields);
                break;
            case 'N':
                AddParameter(fields);
                break;
            case 'F':
                Field(entry).IsListed = true;
                break;
            case 'V':
                Declare(Field(fields[0]), fields);
                break;
            case 'P':
                AddProperty(fields);
                break;
            case 'E':
                AddEvent(fields);
                break;
            case 'X':
                Expect(fields, 2);
                Type(fields[0]).ExplicitImplementations.Add(fields[1]);
                break;
            case 'C':
                AddAttribute(fields);
                break;
            default:
                // O and A restate facts of the N lines; FORMAT.md tells consumers to ignore kinds they do not use.
                break;
        }
    }

    public ApiListing Complete()
    {
        // Types and members in name order, whichever line mentioned them first: the generated source reads in that order.
        foreach (var type in _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Require(type.IsListed && type.IsDeclared, $"type {type.Name} needs both a T and a K line");
            type.Methods.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            type.Fields.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            if (type.OuterTypeName is { } outer)
            {
                Require(_types.ContainsKey(outer), $"nested type {type.Name} has no listed outer type");
                _types[outer].NestedTypes.Add(type);
            }
            else
            {
                listing.Types.Add(type);
            }
        }

        foreach (var method in _methods.Values)
        {
            Require(method.IsListed && method.IsDeclared, $"method {method.Key} needs both an M and a D line");
            Require(
                method.Parameters.Count == method.Signature.ParameterTypes.Count,
                $"method {method.Key} needs one N line per parameter");
        }

        foreach (var field in _fields.Values)
        {
            Require(field.IsListed && field.IsDeclared, $"field {field.Key} needs both an F and a V line");
        }

        foreach (var (key, attributes) in _propertyAndEventAttributes)
        {
            Require(_propertiesAndEvents.TryGetValue(key, out var target), $"attribute target {key} has no P or E line");
            target!.AddRange(attributes);
        }

        return listing;
    }

    private static void Declare(ApiType type, string[] fields)
    {
        Expect(fields, 5);
        type.IsDeclared = true;
        type.Kind = fields[1] switch
        {
            "class" => ApiTypeKind.Class,
            "struct" => ApiTypeKind.Struct,
            "enum" => ApiTypeKind.Enum,
            "interface" => ApiTypeKind.Interface,
            "delegate" => ApiTypeKind.Delegate,
            _ => throw new FormatException($"unknown type kind '{fields[1]}'"),
        };
        type.Access = fields[2];
        type.Modifiers.UnionWith(Words(fields[3]));
        type.PrivateFields = fields[4];
    }

    private static void Declare(ApiMethod method, string[] fields)
    {
        Expect(fields, 3);
        method.IsDeclared = true;
        method.Access = fields[1];
        method.Modifiers.UnionWith(Words(fields[2]));
    }

    private static void Declare(ApiField field, string[] fields)
    {
        Expect(fields, 4);
        field.IsDeclared = true;
        field.Access = fields[1];
        field.Modifiers.UnionWith(Words(fields[2]));
        field.Value = fields[3] == "-" ? null : fields[3];
    }

    private void AddGenericParameter(string[] fields)
    {
        Expect(fields, 5);
        var parameter = new ApiGenericParameter(
            int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture),
            fields[2],
            Words(fields[3]),
            fields[4] == "-" ? [] : fields[4].Split(';'));

        // The owner is a TypeName, or the MethodKey of a generic method.
        var owner = fields[0];
        var list = owner.Contains("::", StringComparison.Ordinal) ? Method(owner).GenericParameters : Type(owner).GenericParameters;
        list.Add(parameter);
        list.Sort((a, b) => a.Index.CompareTo(b.Index));
    }

    private void AddParameter(string[] fields)
    {
        Expect(fields, 5);
        var position = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        var parameter = new ApiParameter(position, fields[2], Words(fields[3]), fields[4] == "-" ? null : fields[4]);
        if (!Method(fields[0]).Parameters.TryAdd(position, parameter))
        {
            throw new FormatException($"parameter {position} is listed twice");
        }
    }

    private void AddProperty(string[] fields)
    {
        Expect(fields, 3);
        var signature = MethodSignature.Parse(fields[0]);
        var property = new ApiProperty(signature.TypeName, signature, Dash(fields[1]), Dash(fields[2]));
        Type(signature.TypeName).Properties.Add(property);
        _propertiesAndEvents.Add(fields[0], property.Attributes);
    }

    private void AddEvent(string[] fields)
    {
        Expect(fields, 3);
        var (typeName, name, handler) = MethodSignature.ParseFieldKey(fields[0]);
        var @event = new ApiEvent(typeName, name, handler, fields[1], fields[2]);
        Type(typeName).Events.Add(@event);
        _propertiesAndEvents.Add(fields[0], @event.Attributes);
    }

    private void AddAttribute(string[] fields)
    {
        if (fields.Length < 2 || fields[0].Length < 3 || fields[0][1] != ':')
        {
            throw new FormatException("not 'C <Target>|<AttributeType>[|<argument>...]'");
        }

        var attribute = new ApiAttribute(fields[1], fields[2..]);
        var target = fields[0][2..];
        var attributes = fields[0][0] switch
        {
            'T' => Type(target).Attributes,
            'M' => Method(target).Attributes,
            'F' => Field(target).Attributes,
            'P' or 'E' => PendingAttributes(target),
            _ => throw new FormatException($"unknown attribute target kind '{fields[0][0]}'"),
        };
        attributes.Add(attribute);
    }

    private List<ApiAttribute> PendingAttributes(string key)
    {
        if (!_propertyAndEventAttributes.TryGetValue(key, out var list))
        {
            list = [];
            _propertyAndEventAttributes.Add(key, list);
        }

        return list;
    }

    private ApiEvent FindEvent(string key)
        => throw new FormatException($"attributes on events are not supported by this reader ({key} in {listing.AssemblyName})");

    private ApiType Type(string name)
    {
        if (!_types.TryGetValue(name, out var type))
        {
            type = new ApiType(name);
            _types.Add(name, type);
        }

        return type;
    }

    private ApiMethod Method(string key)
    {
        if (!_methods.TryGetValue(key, out var method))
        {
            var signature = MethodSignature.Parse(key);
            method = new ApiMethod(key, signature);
            _methods.Add(key, method);
            Type(signature.TypeName).Methods.Add(method);
        }

        return method;
    }

    private ApiField Field(string key)
    {
        if (!_fields.TryGetValue(key, out var field))
        {
            var (typeName, name, type) = MethodSignature.ParseFieldKey(key);
            field = new ApiField(key, name, type);
            _fields.Add(key, field);
            Type(typeName).Fields.Add(field);
        }

        return field;
    }

    private void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException($"{listing.AssemblyName}{ListingReader.FileSuffix}: {message}");
        }
    }

    private static (string Before, string After) SplitAtFirstColon(string entry)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (entry[..colon], entry[(colon + 1)..]) : throw new FormatException("no ':' in the entry");
    }

    private static string[] Words(string field) => field == "-" ? [] : field.Split(',');

    private static string? Dash(string field) => field == "-" ? null : field;

    private static void Expect(string[] fields, int count)
    {
        if (fields.Length != count)
        {
            throw new FormatException($"expected {count} '|'-separated fields, found {fields.Length}");
        }
    }
}
