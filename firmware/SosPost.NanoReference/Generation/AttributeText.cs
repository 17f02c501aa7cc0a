using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>The C lines worth writing as C# attributes (FORMAT.md, "C: custom attribute").</summary>
internal static class AttributeText
{
    // Roslyn marks each ref struct with this Obsolete for old compilers and adds it again itself.
    private const string RefStructMarker = "\"Types\\u0020with\\u0020embedded\\u0020references";

    public static IEnumerable<string> For(IEnumerable<ApiAttribute> attributes)
        => attributes.Where(IsWritten).Select(Write);

    private static bool IsWritten(ApiAttribute attribute) => attribute.TypeName switch
    {
        // Declaring the indexer names the default member; C# rejects the attribute beside it (CS0646).
        "System.Reflection.DefaultMemberAttribute" => false,

        // `this` on the first parameter says it; C# rejects the attribute written by hand (CS1112).
        "System.Runtime.CompilerServices.ExtensionAttribute" => false,
        "System.ObsoleteAttribute" => !(attribute.Arguments.Count > 0
            && attribute.Arguments[0].StartsWith("System.String:" + RefStructMarker, StringComparison.Ordinal)),
        _ => true,
    };

    private static string Write(ApiAttribute attribute)
    {
        var arguments = attribute.Arguments.Select(argument =>
        {
            // A named argument is an identifier followed by '='; a positional one starts with its typesig.
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var colon = argument.IndexOf(':', StringComparison.Ordinal);
            return equals > 0 && (colon < 0 || equals < colon)
                ? $"{argument[..equals]} = {CSharpText.AttributeArgument(argument[(equals + 1)..])}"
                : CSharpText.AttributeArgument(argument);
        });
        return $"[{CSharpText.TypeName(attribute.TypeName)}({string.Join(", ", arguments)})]";
    }
}
