using System.Text;

namespace SosPost.NanoReference.Listings;

/// <summary>
/// The parts of a MethodKey or PropertyKey, <c>Type::Name(P1,P2)-&gt;Return</c>, and of the type lists inside it.
/// </summary>
internal sealed class MethodSignature(string typeName, string name, IReadOnlyList<string> parameterTypes, string returnType)
{
    public string TypeName { get; } = typeName;

    /// <summary>The metadata name, with the <c>``N</c> arity of a generic method.</summary>
    public string Name { get; } = name;

    public IReadOnlyList<string> ParameterTypes { get; } = parameterTypes;

    public string ReturnType { get; } = returnType;

    public static MethodSignature Parse(string key)
    {
        var (typeName, member) = SplitMemberKey(key);
        var open = member.IndexOf('(', StringComparison.Ordinal);
        var close = member.LastIndexOf(")->", StringComparison.Ordinal);
        if (open <= 0 || close < open)
        {
            throw new FormatException($"'{key}' is not a method key (Type::Name(Params)->Return)");
        }

        return new MethodSignature(typeName, member[..open], SplitTypeList(member[(open + 1)..close]), member[(close + 3)..]);
    }

    public static string Format(string typeName, string name, IEnumerable<string> parameterTypes, string returnType)
        => $"{typeName}::{name}({string.Join(',', parameterTypes)})->{returnType}";

    /// <summary>Splits <c>Type::Rest</c> at the first <c>::</c> (type names and signatures never contain it).</summary>
    public static (string TypeName, string Member) SplitMemberKey(string key)
    {
        var separator = key.IndexOf("::", StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FormatException($"'{key}' has no '::' between type and member");
        }

        return (key[..separator], key[(separator + 2)..]);
    }

    /// <summary>Splits <c>Type::Name:Sig</c> (a FieldKey or EventKey) into its three parts.</summary>
    public static (string TypeName, string Name, string Type) ParseFieldKey(string key)
    {
        var (typeName, member) = SplitMemberKey(key);
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"'{key}' is not a field or event key (Type::Name:Sig)");
        }

        return (typeName, member[..colon], member[(colon + 1)..]);
    }

    /// <summary>Splits a comma-separated list of TypeSigs at the commas outside <c>&lt;...&gt;</c> and <c>[...]</c>.</summary>
    public static IReadOnlyList<string> SplitTypeList(string list)
    {
        var parts = new List<string>();
        if (list.Length == 0)
        {
            return parts;
        }

        var depth = 0;
        var current = new StringBuilder();
        foreach (var c in list)
        {
            if (c == ',' && depth == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            depth += c switch
            {
                '<' or '[' => 1,
                '>' or ']' => -1,
                _ => 0,
            };
            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }
}
