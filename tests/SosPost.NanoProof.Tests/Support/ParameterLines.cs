using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;

namespace SosPost.NanoProof.Tests.Support;

/// <summary>
/// The N lines of one method read back from metadata (FORMAT.md, "N: parameter"): name, direction, params, optional,
/// caller-argument expression and default value. They decide named arguments, omitted arguments and overloads.
/// </summary>
internal static class ParameterLines
{
    public static IEnumerable<string> Of(MetadataReader metadata, MethodDefinition method, string key, ImmutableArray<string> types)
    {
        foreach (var handle in method.GetParameters())
        {
            var parameter = metadata.GetParameter(handle);
            if (parameter.SequenceNumber == 0)
            {
                continue; // the return value's row
            }

            var name = metadata.GetString(parameter.Name);
            var flags = Flags(metadata, parameter, types[parameter.SequenceNumber - 1]);
            yield return $"N {key}|{parameter.SequenceNumber}|{name}|{flags}|{DefaultValue(metadata, parameter)}";
        }
    }

    private static string Flags(MetadataReader metadata, Parameter parameter, string type)
    {
        var attributes = parameter.GetCustomAttributes().Select(h => metadata.GetCustomAttribute(h)).ToList();
        var flags = new List<string>();
        if (type.EndsWith('&'))
        {
            var isOut = (parameter.Attributes & (ParameterAttributes.Out | ParameterAttributes.In)) == ParameterAttributes.Out;
            flags.Add(isOut ? "out" : "ref");
        }

        if (attributes.Any(a => AttributeName(metadata, a) == "System.ParamArrayAttribute"))
        {
            flags.Add("params");
        }

        if (parameter.Attributes.HasFlag(ParameterAttributes.Optional))
        {
            flags.Add("optional");
        }

        foreach (var expression in attributes.Where(a => AttributeName(metadata, a) == "System.Runtime.CompilerServices.CallerArgumentExpressionAttribute"))
        {
            var blob = metadata.GetBlobReader(expression.Value);
            blob.ReadUInt16(); // prolog
            flags.Add("callerargumentexpression=" + blob.ReadSerializedString());
        }

        return flags.Count == 0 ? "-" : string.Join(',', flags);
    }

    private static string AttributeName(MetadataReader metadata, CustomAttribute attribute) => attribute.Constructor.Kind switch
    {
        HandleKind.MethodDefinition => MetadataApiDumper.SignatureNames.Name(
            metadata, metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType()),
        HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
            ? MetadataApiDumper.SignatureNames.Name(metadata, (TypeReferenceHandle)parent)
            : string.Empty,
        _ => string.Empty,
    };

    // FORMAT.md, "Values": the stored constant's type, a colon, and the literal.
    private static string DefaultValue(MetadataReader metadata, Parameter parameter)
    {
        var handle = parameter.GetDefaultValue();
        if (handle.IsNil)
        {
            return "-";
        }

        var constant = metadata.GetConstant(handle);
        var blob = metadata.GetBlobReader(constant.Value);
        return constant.TypeCode switch
        {
            ConstantTypeCode.NullReference => "null",
            ConstantTypeCode.Boolean => "System.Boolean:" + (blob.ReadBoolean() ? "true" : "false"),
            ConstantTypeCode.Char => "System.Char:'" + Escape(blob.ReadChar().ToString(), '\'') + "'",
            ConstantTypeCode.String => "System.String:\"" + Escape(blob.ReadUTF16(blob.Length), '"') + "\"",
            ConstantTypeCode.Single => "System.Single:" + blob.ReadSingle().ToString("R", CultureInfo.InvariantCulture),
            ConstantTypeCode.Double => "System.Double:" + blob.ReadDouble().ToString("R", CultureInfo.InvariantCulture),
            var code => $"System.{code}:" + Convert.ToString(blob.ReadConstant(code), CultureInfo.InvariantCulture),
        };
    }

    private static string Escape(string text, char quote)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '\\' || c == quote)
            {
                escaped.Append('\\').Append(c);
            }
            else if (c is < '!' or > '~' or '|')
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
