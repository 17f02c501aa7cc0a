using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using nanoFramework.TestFramework;
using SosPost.Firmware.NanoTests.Bridge.Tests.Runner;
using XAssert = Xunit.Assert;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>
/// The nano protocol tests carry copies of the examples of docs/protocol.md as data rows (the device cannot
/// read the repository). These tests make the copies equal to the document, row for row.
/// </summary>
public sealed partial class ProtocolVectorDriftTests
{
    [Fact]
    public void Nano_valid_rows_are_exactly_the_documents_vectors()
    {
        var document = Document.Load();
        var rows = DataRows(nameof(ProtocolTests.Documented_example_decodes_and_encodes_back_byte_for_byte));

        AssertSameRows(document.Valid, rows);
    }

    [Fact]
    public void Nano_invalid_rows_are_exactly_the_documents_rejected_examples()
    {
        var document = Document.Load();
        var rows = DataRows(nameof(ProtocolTests.Documented_bad_example_is_rejected_with_its_reason));

        AssertSameRows(document.Invalid, rows);
    }

    [Fact]
    public void Nano_signing_rows_are_exactly_the_documents_signing_examples()
    {
        var document = Document.Load();
        var rows = DataRows(nameof(ProtocolTests.Documented_signing_is_reproduced_byte_for_byte_and_verifies));

        AssertSameRows(document.Signing, rows);
    }

    [Fact]
    public void Nano_documented_alarm_is_the_documents_first_alarm()
    {
        var first = Document.Load().Valid.First(v => v[0] == "alarm");

        XAssert.Equal(ProtocolTests.DocumentedAlarm, first[2]);
    }

    [Fact]
    public void Every_marked_example_of_the_document_was_read()
    {
        // A typo in a fence (vector= without topic=) would hide a vector from both the copy and this check.
        var document = Document.Load();

        XAssert.Equal(document.MarkedFences, document.Valid.Count + document.Invalid.Count);
        XAssert.InRange(document.Valid.Count, 8, int.MaxValue);
        XAssert.Equal(document.SigningFences, document.Signing.Count);
        XAssert.InRange(document.Signing.Count, 2, int.MaxValue);
    }

    private static List<string[]> DataRows(string method) =>
        typeof(ProtocolTests).GetMethod(method)!.GetCustomAttributes<DataRowAttribute>()
            .Select(r => r.MethodParameters.Select(p => (string)p).ToArray())
            .ToList();

    // Compared as sorted lists (attribute order is not guaranteed by reflection); on a difference, the message
    // gives the data rows to paste into ProtocolTests.cs.
    private static void AssertSameRows(List<string[]> documented, List<string[]> copied)
    {
        static string Key(string[] row) => string.Join("\u0001", row);
        var missing = documented.Select(Key).Except(copied.Select(Key), StringComparer.Ordinal).ToArray();
        var extra = copied.Select(Key).Except(documented.Select(Key), StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || extra.Length > 0 || documented.Count != copied.Count)
        {
            var message = new StringBuilder("The nano test's copies differ from docs/protocol.md.\n");
            message.Append("In the document, missing from the nano test:\n");
            foreach (var row in missing)
            {
                message.Append("    [DataRow(").Append(string.Join(", ", row.Split('\u0001').Select(CSharpString))).Append(")]\n");
            }

            message.Append("In the nano test, not in the document:\n");
            foreach (var row in extra)
            {
                message.Append("    ").Append(string.Join(", ", row.Split('\u0001'))).Append('\n');
            }

            message.Append("Rows: document ").Append(documented.Count).Append(", nano test ").Append(copied.Count).Append('.');
            XAssert.Fail(message.ToString());
        }
    }

    private static string CSharpString(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^```json vector=(?<kind>[a-z-]+) topic=(?<topic>\S+)\s*$")]
    private static partial Regex ValidFence();

    [GeneratedRegex(@"^```json invalid=(?<reason>[a-z-]+) type=(?<kind>[a-z-]+)\s*$")]
    private static partial Regex InvalidFence();

    /// <summary>
    /// The document's examples in the nano rows' shapes: valid (kind, topic, json), invalid (kind, json, reason),
    /// signing (key, topic, payload, ctr, mac, sent).
    /// </summary>
    private sealed class Document
    {
        private static readonly string[] SigningFields = ["key", "topic", "payload", "ctr", "mac", "sent"];

        public List<string[]> Valid { get; } = [];

        public List<string[]> Invalid { get; } = [];

        public List<string[]> Signing { get; } = [];

        public int MarkedFences { get; private set; }

        public int SigningFences { get; private set; }

        public static Document Load()
        {
            var lines = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "protocol.md"));
            var document = new Document();
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("```", StringComparison.Ordinal)
                    && (lines[i].Contains("vector=", StringComparison.Ordinal) || lines[i].Contains("invalid=", StringComparison.Ordinal)))
                {
                    document.MarkedFences++;
                }

                if (lines[i].StartsWith("```text signing", StringComparison.Ordinal))
                {
                    document.SigningFences++;
                    i = document.ReadSigning(lines, i);
                    continue;
                }

                var valid = ValidFence().Match(lines[i]);
                var invalid = InvalidFence().Match(lines[i]);
                if (!valid.Success && !invalid.Success)
                {
                    continue;
                }

                var end = Array.IndexOf(lines, "```", i + 1);
                XAssert.True(end > i, "unclosed example at protocol.md line " + (i + 1));
                var json = string.Join("\n", lines[(i + 1)..end]);
                if (valid.Success)
                {
                    document.Valid.Add([valid.Groups["kind"].Value, valid.Groups["topic"].Value, json]);
                }
                else
                {
                    document.Invalid.Add([invalid.Groups["kind"].Value, json, invalid.Groups["reason"].Value]);
                }

                i = end;
            }

            return document;
        }

        // One "name value" line per field (the value starts after the spaces that follow the name); returns the closing fence's line.
        private int ReadSigning(string[] lines, int fence)
        {
            var end = Array.IndexOf(lines, "```", fence + 1);
            XAssert.True(end > fence, "unclosed signing example at protocol.md line " + (fence + 1));
            var fields = lines[(fence + 1)..end].ToDictionary(
                l => l.Split(' ', 2)[0],
                l => l.Split(' ', 2).Length == 2 ? l.Split(' ', 2)[1].TrimStart(' ') : string.Empty,
                StringComparer.Ordinal);
            var missing = SigningFields.Where(f => !fields.ContainsKey(f)).ToArray();
            XAssert.True(missing.Length == 0, "signing example at protocol.md line " + (fence + 1) + " lacks " + string.Join(", ", missing));
            Signing.Add(SigningFields.Select(f => fields[f]).ToArray());
            return end;
        }
    }
}
