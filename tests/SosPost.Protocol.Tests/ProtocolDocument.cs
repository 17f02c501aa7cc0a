using System.Text;
using System.Text.RegularExpressions;

namespace SosPost.Protocol.Tests;

/// <summary>The test vectors of docs/protocol.md: every fenced json block marked vector= or invalid=.</summary>
internal static partial class ProtocolDocument
{
    private static readonly Lazy<Document> Parsed = new(Load);

    public static IReadOnlyList<Vector> Valid => Parsed.Value.Valid;

    public static IReadOnlyList<Vector> Invalid => Parsed.Value.Invalid;

    /// <summary>Fence lines that mention vector= or invalid=, parsed or not (to catch a typo that hides a vector).</summary>
    public static int MarkedFenceCount => Parsed.Value.MarkedFences;

    /// <summary>Above the test binaries, or (built with --artifacts-path elsewhere) above this source file.</summary>
    public static string RepositoryRoot() => RootAbove(AppContext.BaseDirectory) ?? RootAbove(SourceDirectory())
        ?? throw new InvalidOperationException("SosPost.sln not found above " + AppContext.BaseDirectory + " nor above " + SourceDirectory());

    private static string? RootAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SosPost.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";

    private static Document Load()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));
        var doc = new Document();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)
                && (lines[i].Contains("vector=", StringComparison.Ordinal) || lines[i].Contains("invalid=", StringComparison.Ordinal)))
            {
                doc.MarkedFences++;
            }

            var valid = ValidFence().Match(lines[i]);
            var invalid = InvalidFence().Match(lines[i]);
            if (!valid.Success && !invalid.Success)
            {
                continue;
            }

            var body = new StringBuilder();
            var j = i + 1;
            for (; j < lines.Length && lines[j] != "```"; j++)
            {
                body.Append(body.Length == 0 ? string.Empty : "\n").Append(lines[j]);
            }

            if (j == lines.Length)
            {
                throw new InvalidOperationException("Unclosed fence at line " + (i + 1));
            }

            var line = i + 1;
            if (valid.Success)
            {
                doc.Valid.Add(new Vector(valid.Groups["kind"].Value, valid.Groups["topic"].Value, null, body.ToString(), line));
            }
            else
            {
                doc.Invalid.Add(new Vector(invalid.Groups["kind"].Value, null, invalid.Groups["reason"].Value, body.ToString(), line));
            }

            i = j;
        }

        return doc;
    }

    [GeneratedRegex(@"^```json vector=(?<kind>[a-z-]+) topic=(?<topic>\S+)\s*$")]
    private static partial Regex ValidFence();

    [GeneratedRegex(@"^```json invalid=(?<reason>[a-z-]+) type=(?<kind>[a-z-]+)\s*$")]
    private static partial Regex InvalidFence();

    private sealed class Document
    {
        public List<Vector> Valid { get; } = [];

        public List<Vector> Invalid { get; } = [];

        public int MarkedFences { get; set; }
    }
}

/// <summary>One example of the document; Kind is the word after vector= or type=.</summary>
internal sealed record Vector(string Kind, string? Topic, string? Reason, string Json, int Line)
{
    public byte[] Bytes => Encoding.UTF8.GetBytes(Json);

    public override string ToString() => "protocol.md line " + Line;
}
