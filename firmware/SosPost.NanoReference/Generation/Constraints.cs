using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>Generic parameter lists and <c>where</c> clauses from G lines.</summary>
internal static class Constraints
{
    /// <summary><c>&lt;in T, out TResult&gt;</c>; variance only where C# allows it (interfaces and delegates).</summary>
    public static string Parameters(IReadOnlyList<ApiGenericParameter> parameters, bool withVariance)
    {
        if (parameters.Count == 0)
        {
            return string.Empty;
        }

        return "<" + string.Join(", ", parameters.Select(p =>
        {
            var variance = withVariance ? p.Flags.FirstOrDefault(f => f is "in" or "out") : null;
            var name = CSharpText.Identifier(p.Name);
            return variance == null ? name : $"{variance} {name}";
        })) + ">";
    }

    public static string Where(IReadOnlyList<ApiGenericParameter> parameters, GenericScope scope)
    {
        var clauses = parameters.Select(p =>
        {
            var constraints = new List<string>();
            constraints.AddRange(p.Flags.Where(f => f is "class" or "struct"));
            constraints.AddRange(p.Constraints.Where(c => !(p.Flags.Contains("struct") && c == "System.ValueType")).Select(c => CSharpText.Type(c, scope)));
            if (p.Flags.Contains("new") && !p.Flags.Contains("struct"))
            {
                constraints.Add("new()");
            }

            return constraints.Count == 0 ? null : $" where {CSharpText.Identifier(p.Name)} : {string.Join(", ", constraints)}";
        });
        return string.Concat(clauses.Where(c => c != null));
    }
}
