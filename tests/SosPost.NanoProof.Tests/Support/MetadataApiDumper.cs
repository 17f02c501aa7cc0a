using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SosPost.NanoProof.Tests.Support;

/// <summary>
/// Reads an assembly's visible API back into the listing's lines, in the grammar of
/// firmware/nanoframework-api/FORMAT.md, so an assembly can be compared with its listing: the lookup lines
/// (T, B, I, M, F) and the N lines whole, and of each D line the access and the inheritance modifiers.
/// </summary>
internal static class MetadataApiDumper
{
    /// <summary>The D-line modifiers that decide how a call binds, in the order the listings write them.</summary>
    public static readonly string[] InheritanceModifiers = ["static", "abstract", "virtual", "override", "sealed"];

    /// <summary>T, B, I, M, F and N lines, and <c>D key|access|modifiers</c> with only <see cref="InheritanceModifiers"/>.</summary>
    public static IReadOnlySet<string> Lines(ImmutableArray<byte> image)
    {
        using var pe = new PEReader(image);
        var metadata = pe.GetMetadataReader();
        var provider = new SignatureNames(metadata);
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (!IsVisible(metadata, type))
            {
                continue;
            }

            var name = SignatureNames.Name(metadata, handle);
            lines.Add($"T {name}");
            if (!type.BaseType.IsNil)
            {
                lines.Add($"B {name}:{provider.Of(type.BaseType)}");
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                lines.Add($"I {name}:{provider.Of(metadata.GetInterfaceImplementation(implementation).Interface)}");
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                if (IsVisible(method.Attributes & MethodAttributes.MemberAccessMask))
                {
                    var signature = method.DecodeSignature(provider, null);
                    var arity = signature.GenericParameterCount > 0 ? $"``{signature.GenericParameterCount}" : string.Empty;
                    var key = $"{name}::{metadata.GetString(method.Name)}{arity}({string.Join(',', signature.ParameterTypes)})->{signature.ReturnType}";
                    lines.Add("M " + key);
                    lines.Add($"D {key}|{Access(method.Attributes & MethodAttributes.MemberAccessMask)}|{Modifiers(method.Attributes)}");
                    lines.UnionWith(ParameterLines.Of(metadata, method, key, signature.ParameterTypes));
                }
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = metadata.GetFieldDefinition(fieldHandle);
                if (IsVisible(field.Attributes & FieldAttributes.FieldAccessMask))
                {
                    lines.Add($"F {name}::{metadata.GetString(field.Name)}:{field.DecodeSignature(provider, null)}");
                }
            }
        }

        return lines;
    }

    private static bool IsVisible(MetadataReader metadata, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        return visibility switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem
                => IsVisible(metadata, metadata.GetTypeDefinition(type.GetDeclaringType())),
            _ => false,
        };
    }

    private static string Access(MethodAttributes access) => access switch
    {
        MethodAttributes.Public => "public",
        MethodAttributes.Family => "protected",
        _ => "protectedinternal",
    };

    // As FORMAT.md defines them: virtual introduces a slot, override reuses one, sealed closes an override;
    // an interface's abstract methods are listed as abstract only.
    private static string Modifiers(MethodAttributes attributes)
    {
        bool Is(MethodAttributes flag) => (attributes & flag) == flag;
        var newSlot = Is(MethodAttributes.NewSlot);
        var words = new List<string>();
        if (Is(MethodAttributes.Static))
        {
            words.Add("static");
        }

        if (Is(MethodAttributes.Abstract))
        {
            words.Add("abstract");
        }

        if (Is(MethodAttributes.Virtual) && newSlot && !Is(MethodAttributes.Final) && !Is(MethodAttributes.Abstract))
        {
            words.Add("virtual");
        }

        if (Is(MethodAttributes.Virtual) && !newSlot)
        {
            words.Add("override");
            if (Is(MethodAttributes.Final))
            {
                words.Add("sealed");
            }
        }

        return words.Count == 0 ? "-" : string.Join(',', words);
    }

    // Public, protected and protected internal: what another assembly can reach.
    private static bool IsVisible(MethodAttributes access)
        => access is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool IsVisible(FieldAttributes access)
        => access is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;

    internal sealed class SignatureNames(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        public static string Name(MetadataReader metadata, TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            var name = metadata.GetString(type.Name);
            if (type.IsNested)
            {
                return Name(metadata, type.GetDeclaringType()) + "/" + name;
            }

            var @namespace = metadata.GetString(type.Namespace);
            return @namespace.Length == 0 ? name : @namespace + "." + name;
        }

        public static string Name(MetadataReader metadata, TypeReferenceHandle handle)
        {
            var type = metadata.GetTypeReference(handle);
            var name = metadata.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return Name(metadata, (TypeReferenceHandle)type.ResolutionScope) + "/" + name;
            }

            var @namespace = metadata.GetString(type.Namespace);
            return @namespace.Length == 0 ? name : @namespace + "." + name;
        }

        public string Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => Name(metadata, (TypeDefinitionHandle)handle),
            HandleKind.TypeReference => Name(metadata, (TypeReferenceHandle)handle),
            HandleKind.TypeSpecification => metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            _ => throw new InvalidOperationException($"unexpected type handle {handle.Kind}"),
        };

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Name(reader, handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Name(reader, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
            => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
            => genericType + "<" + string.Join(',', typeArguments) + ">";

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature)
            => "method " + signature.ReturnType + "*(" + string.Join(',', signature.ParameterTypes) + ")";
    }
}
