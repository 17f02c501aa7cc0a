using System.Collections.Immutable;

namespace SosPost.NanoProof.Tests.Support;

/// <summary>
/// Holds a listing against a compiled assembly, line by line in the listing grammar (firmware/nanoframework-api/FORMAT.md):
/// every type, base, interface, method and field (T, B, I, M, F lines, signatures included), each method's access
/// and static/virtual/abstract/override/sealed (D lines) and its parameters' names, directions, params, optional and
/// defaults (N lines). A generated assembly must read back as its listing; the real mscorlib as mscorlib.api.txt.
/// </summary>
internal static class ListingComparison
{
    public const string ListedOnly = "listed, not in the assembly: ";
    public const string AssemblyOnly = "in the assembly, not listed: ";

    /// <summary>Each difference on a line of its own, ordered by the listing line it concerns; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(IEnumerable<string> listingLines, ImmutableArray<byte> image)
    {
        var listed = ComparableLines(listingLines);
        var compiled = MetadataApiDumper.Lines(image);

        return [.. listed.Except(compiled).Select(line => (Line: line, Prefix: ListedOnly))
            .Concat(compiled.Except(listed).Select(line => (Line: line, Prefix: AssemblyOnly)))
            .OrderBy(d => d.Line, StringComparer.Ordinal)
            .ThenBy(d => d.Prefix, StringComparer.Ordinal)
            .Select(d => d.Prefix + d.Line)];
    }

    /// <summary>The lookup and N lines as they are, and the D lines cut to what the dumper reads back.</summary>
    private static HashSet<string> ComparableLines(IEnumerable<string> listingLines)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in listingLines.Where(l => l.Length > 2 && l[1] == ' '))
        {
            if ("TBIMFN".Contains(line[0], StringComparison.Ordinal))
            {
                lines.Add(line);
            }
            else if (line[0] == 'D')
            {
                var fields = line.Split('|');
                var modifiers = fields[2].Split(',').Where(MetadataApiDumper.InheritanceModifiers.Contains).ToList();
                lines.Add($"{fields[0]}|{fields[1]}|{(modifiers.Count == 0 ? "-" : string.Join(',', modifiers))}");
            }
        }

        return lines;
    }
}
