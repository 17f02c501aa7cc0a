using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>A method's N lines as a C# parameter list (FORMAT.md, "Parameters").</summary>
internal static class ParameterText
{
    // count: how many leading parameters to write (an indexer's setter has `value` last).
    // withDefaults: false for explicit interface implementations, where C# ignores defaults.
    public static string List(ApiMethod method, GenericScope scope, ApiCatalog catalog, int? count = null, bool withDefaults = true)
    {
        var parameters = method.Parameters.Values.Take(count ?? method.Parameters.Count).Select(parameter =>
        {
            var typeSig = method.Signature.ParameterTypes[parameter.Position - 1];
            var isFirstOfExtension = parameter.Position == 1 && method.Has("extension");
            return Write(parameter, typeSig, scope, catalog, isFirstOfExtension, withDefaults);
        });
        return string.Join(", ", parameters);
    }

    private static string Write(ApiParameter parameter, string typeSig, GenericScope scope, ApiCatalog catalog, bool isThis, bool withDefaults)
    {
        var parts = new List<string>();
        parts.AddRange(CallerInfoAttributes(parameter));
        if (parameter.Has("optional") && parameter.DefaultValue == null)
        {
            parts.Add("[global::System.Runtime.InteropServices.OptionalAttribute]");
        }

        if (isThis)
        {
            parts.Add("this");
        }

        if (Direction(parameter, typeSig) is { } direction)
        {
            parts.Add(direction);
        }

        if (parameter.Has("params"))
        {
            parts.Add("params");
        }

        var type = CSharpText.Type(typeSig, scope);
        parts.Add(type);
        parts.Add(CSharpText.Identifier(parameter.Name));
        if (parameter.DefaultValue is { } value && withDefaults)
        {
            if (!parameter.Has("optional"))
            {
                // C# writes a default only on an optional parameter; metadata can have one without.
                throw new NotSupportedException($"parameter {parameter.Name} has a default but is not optional");
            }

            parts.Add("= " + CSharpText.Value(value, type, catalog.IsValueType(typeSig)));
        }

        return string.Join(' ', parts);
    }

    private static IEnumerable<string> CallerInfoAttributes(ApiParameter parameter)
    {
        const string Namespace = "global::System.Runtime.CompilerServices.";
        foreach (var flag in parameter.Flags)
        {
            if (flag.StartsWith("callerargumentexpression=", StringComparison.Ordinal))
            {
                yield return $"[{Namespace}CallerArgumentExpressionAttribute(\"{flag["callerargumentexpression=".Length..]}\")]";
            }
            else if (flag switch
            {
                "callermembername" => "CallerMemberNameAttribute",
                "callerfilepath" => "CallerFilePathAttribute",
                "callerlinenumber" => "CallerLineNumberAttribute",
                _ => null,
            } is { } attribute)
            {
                yield return $"[{Namespace}{attribute}]";
            }
        }
    }

    private static string? Direction(ApiParameter parameter, string typeSig)
    {
        string[] directions = ["ref", "out", "in", "refreadonly"];
        var direction = directions.FirstOrDefault(parameter.Has);
        if (typeSig.EndsWith('&') != (direction != null))
        {
            throw new FormatException($"parameter {parameter.Name}: a by-reference type needs exactly one of ref/out/in/refreadonly");
        }

        return direction == "refreadonly" ? "ref readonly" : direction;
    }
}
