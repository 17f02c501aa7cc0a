using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>
/// Writes the public API of a compiled assembly in the line grammar of the nanoFramework API listings
/// (../shared/nanoframework-api/README.md): T, B, I, K, M, D, N, F, P, E and the C lines that change how calling
/// code compiles (AttributeUsage, Obsolete, Extension, Flags, Conditional). Enough for the small host
/// TestFramework; generic types and constant values are out of scope and reported as unsupported.
/// </summary>
internal static class ListingRenderer
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
        | BindingFlags.Static | BindingFlags.Instance;

    public static IReadOnlyList<string> Render(Assembly assembly) => Render(assembly.GetExportedTypes());

    public static IReadOnlyList<string> Render(IEnumerable<Type> types)
    {
        var lines = new List<string>();
        foreach (var type in types.Where(t => t.IsPublic || t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            RenderType(type, lines);
        }

        return lines;
    }

    /// <summary>The listing's TypeSig of a type: metadata full name, '/' for nesting, [] and &amp; suffixes.</summary>
    public static string Sig(Type type)
    {
        if (type.IsByRef)
        {
            return Sig(type.GetElementType()!) + "&";
        }

        if (type.IsArray)
        {
            return Sig(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (type.IsGenericType || type.IsGenericParameter)
        {
            throw new NotSupportedException("generic type in the host API: " + type);
        }

        return type.FullName!.Replace('+', '/');
    }

    private static void RenderType(Type type, List<string> lines)
    {
        var name = Sig(type);
        lines.Add("T " + name);
        if (type.BaseType != null)
        {
            lines.Add("B " + name + ":" + Sig(type.BaseType));
        }

        var inherited = type.BaseType?.GetInterfaces() ?? [];
        foreach (var declared in type.GetInterfaces().Except(inherited))
        {
            lines.Add("I " + name + ":" + Sig(declared));
        }

        lines.Add("K " + name + "|" + Kind(type) + "|public|" + TypeModifiers(type) + "|-");
        AddAttributes("T:" + name, type.GetCustomAttributesData(), lines);

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).Where(IsVisible))
        {
            RenderMethod(name, method, lines);
        }

        foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            lines.Add("F " + name + "::" + field.Name + ":" + Sig(field.FieldType));
        }

        foreach (var property in type.GetProperties(Declared))
        {
            var getter = property.GetMethod is { } g && IsVisible(g) ? g.Name : "-";
            var setter = property.SetMethod is { } s && IsVisible(s) ? s.Name : "-";
            if (getter != "-" || setter != "-")
            {
                var index = string.Join(",", property.GetIndexParameters().Select(p => Sig(p.ParameterType)));
                lines.Add("P " + name + "::" + property.Name + "(" + index + ")->" + Sig(property.PropertyType) + "|" + getter + "|" + setter);
            }
        }

        foreach (var e in type.GetEvents(Declared).Where(e => e.AddMethod != null && IsVisible(e.AddMethod)))
        {
            lines.Add("E " + name + "::" + e.Name + ":" + Sig(e.EventHandlerType!) + "|" + e.AddMethod!.Name + "|" + e.RemoveMethod!.Name);
        }
    }

    private static void RenderMethod(string typeName, MethodBase method, List<string> lines)
    {
        var returnType = method is MethodInfo info ? info.ReturnType : typeof(void);
        var parameters = method.GetParameters();
        var key = typeName + "::" + method.Name + "(" + string.Join(",", parameters.Select(p => Sig(p.ParameterType))) + ")->" + Sig(returnType);
        lines.Add("M " + key);
        lines.Add("D " + key + "|" + Access(method) + "|" + MethodModifiers(method));
        foreach (var p in parameters)
        {
            lines.Add("N " + key + "|" + (p.Position + 1).ToString(CultureInfo.InvariantCulture) + "|" + p.Name + "|" + ParameterFlags(p) + "|" + ParameterDefault(p));
        }

        AddAttributes("M:" + key, method.GetCustomAttributesData(), lines);
    }

    private static bool IsVisible(MethodBase m) => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !(m.IsStatic && m.IsConstructor);

    private static string Access(MethodBase m) => m.IsPublic ? "public" : m.IsFamily ? "protected" : "protectedinternal";

    private static string Kind(Type t) =>
        t.IsInterface ? "interface"
        : t.IsEnum ? "enum"
        : t.IsValueType ? "struct"
        : typeof(MulticastDelegate).IsAssignableFrom(t.BaseType) && t.IsSealed ? "delegate"
        : "class";

    private static string TypeModifiers(Type t)
    {
        if (!t.IsClass || typeof(Delegate).IsAssignableFrom(t))
        {
            return "-";
        }

        return t.IsAbstract && t.IsSealed ? "static" : t.IsSealed ? "sealed" : t.IsAbstract ? "abstract" : "-";
    }

    private static string MethodModifiers(MethodBase m)
    {
        var list = new List<string>();
        var newSlot = (m.Attributes & MethodAttributes.VtableLayoutMask) == MethodAttributes.NewSlot;
        if (m.IsStatic)
        {
            list.Add("static");
        }

        if (m.IsAbstract)
        {
            list.Add("abstract");
        }
        else if (m.IsVirtual && newSlot && !m.IsFinal)
        {
            list.Add("virtual");
        }

        if (m.IsVirtual && !newSlot)
        {
            list.Add("override");
            if (m.IsFinal)
            {
                list.Add("sealed");
            }
        }

        if (m.IsDefined(typeof(ExtensionAttribute), false))
        {
            list.Add("extension");
        }

        if (m.IsSpecialName)
        {
            list.Add("specialname");
        }

        return list.Count == 0 ? "-" : string.Join(",", list);
    }

    private static string ParameterFlags(ParameterInfo p)
    {
        var list = new List<string>();
        if (p.ParameterType.IsByRef)
        {
            list.Add(p.IsOut && !p.IsIn ? "out" : "ref");
        }

        if (p.IsDefined(typeof(ParamArrayAttribute), false))
        {
            list.Add("params");
        }

        if (p.IsOptional)
        {
            list.Add("optional");
        }

        if (p.GetCustomAttribute<CallerArgumentExpressionAttribute>() is { } caller)
        {
            list.Add("callerargumentexpression=" + caller.ParameterName);
        }

        return list.Count == 0 ? "-" : string.Join(",", list);
    }

    private static string ParameterDefault(ParameterInfo p) =>
        !p.HasDefaultValue ? "-" : p.RawDefaultValue == null ? "null" : Value(p.RawDefaultValue.GetType(), p.RawDefaultValue);

    // Only the attributes the listings record; nullable annotations and the like leave no line.
    private static void AddAttributes(string target, IEnumerable<CustomAttributeData> attributes, List<string> lines)
    {
        string[] recorded =
        [
            "System.AttributeUsageAttribute", "System.ObsoleteAttribute", "System.FlagsAttribute",
            "System.Diagnostics.ConditionalAttribute", "System.Runtime.CompilerServices.ExtensionAttribute",
        ];
        foreach (var attribute in attributes.Where(a => recorded.Contains(a.AttributeType.FullName, StringComparer.Ordinal)))
        {
            var text = new StringBuilder("C ").Append(target).Append('|').Append(attribute.AttributeType.FullName);
            foreach (var argument in attribute.ConstructorArguments)
            {
                text.Append('|').Append(Value(argument.ArgumentType, argument.Value));
            }

            foreach (var named in attribute.NamedArguments)
            {
                text.Append('|').Append(named.MemberName).Append('=').Append(Value(named.TypedValue.ArgumentType, named.TypedValue.Value));
            }

            lines.Add(text.ToString());
        }
    }

    private static string Value(Type type, object? value)
    {
        if (type.IsEnum)
        {
            return Sig(type) + ":" + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return value switch
        {
            null => type == typeof(string) ? "System.String:null" : "null",
            string s => "System.String:" + StringLiteral(s),
            bool b => "System.Boolean:" + (b ? "true" : "false"),
            IFormattable number when type.IsPrimitive => Sig(type) + ":" + number.ToString(null, CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException("constant of type " + type + " in the host API"),
        };
    }

    // The listing's escapes: \\ and \" and \uXXXX for anything outside '!'..'~' and for '|'.
    private static string StringLiteral(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c == '\\' || c == '"')
            {
                text.Append('\\').Append(c);
            }
            else if (c < '!' || c > '~' || c == '|')
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }
}
