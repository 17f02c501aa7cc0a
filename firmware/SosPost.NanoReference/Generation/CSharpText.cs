using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>The listing's names, TypeSigs and values written as C# (FORMAT.md, "Names and types", "Values").</summary>
internal static class CSharpText
{
    /// <summary>A name as a C# identifier: keywords get an <c>@</c> (<c>@object</c>).</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary><c>Outer`1/Inner</c> as <c>global::Outer.Inner</c>: fully qualified, so a type named like a namespace cannot capture it.</summary>
    public static string TypeName(string metadataName)
    {
        var parts = metadataName.Split('/').Select(part =>
        {
            var tick = part.IndexOf('`', StringComparison.Ordinal);
            return tick < 0 ? part : part[..tick];
        });
        return "global::" + string.Join('.', parts);
    }

    /// <summary>A TypeSig as a C# type. A trailing <c>&amp;</c> is dropped: the parameter's flags say ref or out.</summary>
    public static string Type(string sig, GenericScope scope)
    {
        if (sig == "System.Void")
        {
            return "void";
        }

        if (sig.EndsWith('&'))
        {
            return Type(sig[..^1], scope);
        }

        if (sig.EndsWith('*') || sig.StartsWith("method ", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"pointer types need unsafe code, which no listing has: {sig}");
        }

        if (sig.EndsWith(']'))
        {
            return ArrayType(sig, scope);
        }

        if (sig.StartsWith("!!", StringComparison.Ordinal))
        {
            return scope.MethodParameter(int.Parse(sig[2..], CultureInfo.InvariantCulture));
        }

        if (sig.StartsWith('!'))
        {
            return scope.TypeParameter(int.Parse(sig[1..], CultureInfo.InvariantCulture));
        }

        if (sig.EndsWith('>'))
        {
            var open = sig.IndexOf('<', StringComparison.Ordinal);
            var arguments = MethodSignature.SplitTypeList(sig[(open + 1)..^1]).Select(a => Type(a, scope));
            return $"{TypeName(sig[..open])}<{string.Join(", ", arguments)}>";
        }

        return TypeName(sig);
    }

    public static string Access(string access) => access switch
    {
        "public" => "public",
        "protected" => "protected",
        "protectedinternal" => "protected internal",
        _ => throw new FormatException($"unexpected access '{access}'"),
    };

    /// <summary>
    /// A V, N or C value converted to <paramref name="targetType"/>: <c>(T)(literal)</c>, so an integer becomes
    /// an enum value where the target is an enum and the parentheses keep <c>-1</c> one literal.
    /// </summary>
    public static string Value(string value, string targetType, bool targetIsValueType)
    {
        if (value == "null")
        {
            return targetIsValueType ? "default" : "null";
        }

        var (typeSig, literal) = SplitValue(value);
        return typeSig == "System.Type" ? Literal(typeSig, literal) : $"({targetType})({Literal(typeSig, literal)})";
    }

    /// <summary>An attribute argument: the value converted to the type its typesig names.</summary>
    public static string AttributeArgument(string value)
    {
        var (typeSig, _) = SplitValue(value);
        return Value(value, Type(typeSig, GenericScope.None), targetIsValueType: false);
    }

    private static string Literal(string typeSig, string literal) => typeSig switch
    {
        "System.Single" => Real(literal, "F"),
        "System.Double" => Real(literal, "D"),
        "System.Type" => $"typeof({Type(literal, GenericScope.None)})",

        // Integers, true/false and the char and string literals are written as valid C# in the listing.
        _ => literal,
    };

    private static string Real(string literal, string suffix) => literal switch
    {
        "NaN" => $"(0.0{suffix} / 0.0{suffix})",
        "Infinity" => $"(1.0{suffix} / 0.0{suffix})",
        "-Infinity" => $"(-1.0{suffix} / 0.0{suffix})",
        _ => literal + suffix,
    };

    private static (string TypeSig, string Literal) SplitValue(string value)
    {
        // A typesig never contains ':'; a string literal after it may.
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (value[..colon], value[(colon + 1)..]) : throw new FormatException($"'{value}' is not <typesig>:<literal>");
    }

    // Metadata writes the outermost rank last (Int32[,][] is an array of Int32[,]); C# writes it first (int[][,]).
    private static string ArrayType(string sig, GenericScope scope)
    {
        var ranksOutermostFirst = new List<string>();
        var element = sig;
        while (element.EndsWith(']'))
        {
            var open = element.LastIndexOf('[');
            ranksOutermostFirst.Add(element[open..]);
            element = element[..open];
        }

        return Type(element, scope) + string.Concat(ranksOutermostFirst);
    }
}
