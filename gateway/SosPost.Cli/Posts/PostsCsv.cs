using System.Globalization;
using System.Text;

namespace SosPost.Cli.Posts;

/// <summary>
/// Posts as CSV (RFC 4180): a header row naming the columns in any order, then one post per row.
/// Fields with commas, quotes or line breaks are quoted, with quotes doubled. UTF-8; a byte order mark
/// (Excel writes one) is skipped. Errors name the line (of the row's start) and the column.
/// </summary>
internal static class PostsCsv
{
    public static readonly string[] RequiredColumns = ["id", "name", "latitude", "longitude", "address", "station"];

    public static readonly string[] OptionalColumns = ["group", "camera"];

    public static PostsReadResult Parse(string text)
    {
        var result = new PostsReadResult();
        var rows = Tokenize(text.TrimStart('\uFEFF'), result.Errors);
        if (result.Errors.Count > 0)
        {
            return result;
        }

        if (rows.Count == 0)
        {
            result.Errors.Add("line 1: the file is empty (expected a header row: " + string.Join(',', RequiredColumns) + ")");
            return result;
        }

        var header = rows[0];
        var columns = ReadHeader(header, result.Errors);
        if (columns is null)
        {
            return result;
        }

        var firstPlaceOfId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields is [var only] && only.Length == 0)
            {
                continue; // a blank line
            }

            var where = "line " + row.Line.ToString(CultureInfo.InvariantCulture);
            if (row.Fields.Count != header.Fields.Count)
            {
                result.Errors.Add($"{where}: {row.Fields.Count} fields, but the header has {header.Fields.Count} (quote a field that holds a comma)");
                continue;
            }

            if (ReadRow(row, columns, where, result.Errors) is { } post)
            {
                result.AddUnlessDuplicate(post, where, firstPlaceOfId);
            }
        }

        return result;
    }

    public static string Write(IEnumerable<PostRecord> posts)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', RequiredColumns.Concat(OptionalColumns))).Append('\n');
        foreach (var post in posts)
        {
            string[] fields =
            [
                post.Id, post.Name, Number(post.Latitude), Number(post.Longitude), post.Address, post.Station, post.Group, post.Camera,
            ];
            text.Append(string.Join(',', fields.Select(Quote))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Round-trip formatting: the number read back is the number written.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field != field.Trim() ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static Dictionary<string, int>? ReadHeader(Row header, List<string> errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim().ToLowerInvariant();
            if (!RequiredColumns.Contains(name) && !OptionalColumns.Contains(name))
            {
                errors.Add($"line {header.Line}: unknown column \"{header.Fields[i]}\" (columns: {string.Join(',', RequiredColumns.Concat(OptionalColumns))})");
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add($"line {header.Line}: column \"{name}\" appears twice");
            }
        }

        foreach (var missing in RequiredColumns.Where(c => !columns.ContainsKey(c)))
        {
            errors.Add($"line {header.Line}: missing column \"{missing}\"");
        }

        return errors.Count == 0 ? columns : null;
    }

    private static PostRecord? ReadRow(Row row, Dictionary<string, int> columns, string where, List<string> errors)
    {
        var before = errors.Count;
        string Field(string column) => columns.TryGetValue(column, out var i) ? row.Fields[i].Trim() : string.Empty;
        void Check(string column, string? problem)
        {
            if (problem is not null)
            {
                errors.Add($"{where}: {column}: {problem}");
            }
        }

        var id = Field("id");
        Check("id", id.Length == 0 ? "is empty" : PostRules.Id(id));
        var name = Field("name");
        Check("name", PostRules.RequiredText(name));
        var latitude = PostRules.Coordinate(Field("latitude"), 90, out var latitudeProblem);
        Check("latitude", latitudeProblem);
        var longitude = PostRules.Coordinate(Field("longitude"), 180, out var longitudeProblem);
        Check("longitude", longitudeProblem);
        var address = Field("address");
        Check("address", PostRules.RequiredText(address));
        var station = Field("station");
        Check("station", PostRules.RequiredText(station));
        var group = Field("group");
        Check("group", PostRules.Group(group));
        var camera = Field("camera");
        Check("camera", PostRules.Camera(camera));
        return errors.Count > before
            ? null
            : new PostRecord(id, name, latitude!.Value, longitude!.Value, address, station, group, camera);
    }

    private sealed record Row(int Line, List<string> Fields);

    /// <summary>Splits the text into rows of fields; a quoted field may hold commas, quotes ("") and line breaks.</summary>
    private static List<Row> Tokenize(string text, List<string> errors)
    {
        var rows = new List<Row>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var row = new Row(line, []);
            var field = new StringBuilder();
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    var opened = line;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            errors.Add($"line {opened}: a quoted field is not closed (a \" is missing)");
                            return rows;
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        if (text[i] == '\n')
                        {
                            line++;
                        }

                        field.Append(text[i++]);
                    }

                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        errors.Add($"line {line}: text after a closing quote (double a quote inside a quoted field: \"\")");
                        return rows;
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        if (text[i] == '"')
                        {
                            errors.Add($"line {line}: a quote inside an unquoted field (quote the whole field and double the quote)");
                            return rows;
                        }

                        field.Append(text[i++]);
                    }
                }

                row.Fields.Add(field.ToString());
                field.Clear();
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }

                // End of the row: \r\n, \n, \r or the end of the text.
                if (i < text.Length && text[i] == '\r')
                {
                    i++;
                }

                if (i < text.Length && text[i] == '\n')
                {
                    i++;
                }

                line++;
                break;
            }

            rows.Add(row);
        }

        return rows;
    }
}
