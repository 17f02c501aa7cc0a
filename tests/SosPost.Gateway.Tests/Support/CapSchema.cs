using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// The OASIS CAP 1.2 schema, read from ../shared/cap/CAP-v1.2.xsd beside the repository (it is not
/// committed; CI provides it). Without it the tests that need it skip, saying where they looked, except under
/// CI=true, where they fail.
/// </summary>
public static class CapSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    /// <summary>Every schema error and warning in the document; empty when it is a valid CAP 1.2 alert.</summary>
    public static IReadOnlyList<string> Problems(byte[] document)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas.Value,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(document), settings);
        while (reader.Read())
        {
        }

        return problems;
    }

    public static void AssertValid(byte[] document) =>
        Assert.True(Problems(document) is { Count: 0 }, $"Not a valid CAP 1.2 alert:{Environment.NewLine}{string.Join(Environment.NewLine, Problems(document))}{Environment.NewLine}{System.Text.Encoding.UTF8.GetString(document)}");

    public static void AssertValid(XDocument document) => AssertValid(Gateway.Dispatch.CapAlert.ToUtf8(document));

    private static XmlSchemaSet Load()
    {
        var path = FindSchema();
        var set = new XmlSchemaSet { XmlResolver = null }; // the schema imports nothing; its xmldsig <any> is lax
        using (var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            set.Add("urn:oasis:names:tc:emergency:cap:1.2", reader);
        }

        set.Compile();
        return set;
    }

    private static string FindSchema()
    {
        var path = SharedFolder.Find(Path.Combine("cap", "CAP-v1.2.xsd"), "OASIS CAP 1.2 schema, not committed; CI has it beside the repository, or download CAP-v1.2.xsd from docs.oasis-open.org", out var missing);
        if (path is null)
        {
            if (SharedFolder.Required)
            {
                Assert.Fail("CI=true and the CAP schema is missing: " + missing);
            }

            Assert.Skip("CAP schema checks skipped: " + missing);
        }

        return path;
    }
}
