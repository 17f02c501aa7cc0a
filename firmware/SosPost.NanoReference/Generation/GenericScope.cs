using SosPost.NanoReference.Listings;

namespace SosPost.NanoReference.Generation;

/// <summary>The generic parameters that <c>!n</c> (type) and <c>!!n</c> (method) refer to.</summary>
internal sealed class GenericScope(IReadOnlyList<ApiGenericParameter> typeParameters, IReadOnlyList<ApiGenericParameter> methodParameters)
{
    public static GenericScope None { get; } = new([], []);

    public IReadOnlyList<ApiGenericParameter> TypeParameters { get; } = typeParameters;

    public IReadOnlyList<ApiGenericParameter> MethodParameters { get; } = methodParameters;

    public static GenericScope Of(ApiType type) => new(type.GenericParameters, []);

    public GenericScope With(ApiMethod method) => new(TypeParameters, method.GenericParameters);

    public string TypeParameter(int index) => Name(TypeParameters, index, "!");

    public string MethodParameter(int index) => Name(MethodParameters, index, "!!");

    private static string Name(IReadOnlyList<ApiGenericParameter> parameters, int index, string prefix)
        => parameters.FirstOrDefault(p => p.Index == index) is { } parameter
            ? CSharpText.Identifier(parameter.Name)
            : throw new FormatException($"{prefix}{index} refers to a generic parameter without a G line");
}
