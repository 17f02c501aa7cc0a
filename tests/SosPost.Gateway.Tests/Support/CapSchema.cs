using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// The OASIS CAP 1.2 schema, read from ../shared/cap/CAP-v1.2.xsd beside the repository (it is not
/// committed; CI provides it). Without it the tests fail, saying where they looked.
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
        var looked = new List<string>();
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SosPost.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "cap", "CAP-v1.2.xsd"));
                if (File.Exists(path))
                {
                    return path;
                }

                looked.Add(path);
            }
        }

        Assert.Fail(looked.Count == 0
            ? $"The OASIS CAP 1.2 schema was not found: no SosPost.sln above {AppContext.BaseDirectory}, so ../shared/cap/CAP-v1.2.xsd beside the repository could not be located."
            : $"The OASIS CAP 1.2 schema is missing: looked for {string.Join(", ", looked)} (../shared/cap/CAP-v1.2.xsd beside the repository root; CI provides it, it is not committed).");
        return null!;
    }
}
