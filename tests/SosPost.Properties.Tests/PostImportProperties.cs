using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using SosPost.Cli;
using SosPost.Cli.Posts;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Properties.Tests;

/// <summary>
/// The <c>sospost posts import</c> readers (CSV and GeoJSON): what the CLI writes reads back equal, any text gives
/// posts or errors naming a line or feature and a field, and a file with any bad row imports nothing.
/// </summary>
public sealed partial class PostImportProperties
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private static readonly string[] Columns = [.. PostsCsv.RequiredColumns, .. PostsCsv.OptionalColumns];

    /// <summary>Pieces of names and addresses: Thai, the characters CSV must quote, and plain text.</summary>
    private static readonly string[] TextPieces =
    [
        "\u0e28\u0e32\u0e25\u0e32", "\u0e21\u0e2b\u0e32\u0e0a\u0e31\u0e22", "\u0e16.\u0e40\u0e2d\u0e01\u0e0a\u0e31\u0e22", "\u0e2a\u0e20.", "Mahachai", "Soi 5", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "'", ";", "#", "\U0001F691", "1", "-",
    ];

    /// <summary>Coordinates that are easy to get wrong: zero, its negative, the limits and the tiny ones "R" writes with an exponent.</summary>
    private static readonly double[] EdgeCoordinates = [0, -0.0, 1, -1, 1e-5, -1e-7, 4.9e-324, 13.54756, 100.27421];

    private static readonly string[] CsvPieces =
    [
        "id,name,latitude,longitude,address,station,group,camera\n", "id,name,latitude,longitude,address,station\r\n", "\uFEFF", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ",
        "MHC-001", "mhc-1", "-X", "13.5", "-0", "1e5", "1E-05", "NaN", "Infinity", "91", "13,5", "", "\u0e28\u0e32\u0e25\u0e32", "samut-sakhon", "-bad-", "http://cam.example/s.jpg",
        "https://u:p@cam.example/", "ftp://x", "\0", "id", "camera", "ID", " latitude ",
    ];

    private static readonly string[] JsonValues =
    [
        "null", "true", "0", "-0", "13.5", "91", "-181", "1e999", "-1e999", "1e-400", "99999999999999999999", "\"\"", "\" \"", "\"MHC-001\"", "\"mhc\"", "\"\\ud800\"", "\"\\u0000\"",
        "\"Feature\"", "\"Point\"", "\"FeatureCollection\"", "\"http://cam.example/s.jpg\"", "\"https://u:p@cam/\"", "\"-x-\"", "{}", "[]", "[100.5,13.5]", "[100.5,13.5,2]", "[1]", "[\"1\",\"2\"]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ];

    private static readonly string[] JsonNames = ["type", "geometry", "coordinates", "properties", "features", "id", "name", "address", "station", "group", "camera"];

    [Fact]
    public void Any_valid_list_of_posts_written_as_CSV_reads_back_equal()
    {
        PropertyRun.ForAll("posts CSV round trip", PostLists(12).Arb(), posts =>
        {
            var text = PostsCsv.Write(posts);
            foreach (var variant in new[] { text, "\uFEFF" + text, text + "\n\n" })
            {
                var read = PostsCsv.Parse(variant);
                Assert.True(read.Ok, variant + Environment.NewLine + string.Join(Environment.NewLine, read.Errors));
                Assert.Equal(posts, read.Posts);
            }
        }, cases: 400, Budget);
    }

    [Fact]
    public void Any_valid_list_of_posts_written_as_GeoJSON_reads_back_equal()
    {
        PropertyRun.ForAll("posts GeoJSON round trip", PostLists(12).Arb(), posts =>
        {
            var text = PostsGeoJson.Write(posts);
            var read = PostsGeoJson.Parse(text);
            Assert.True(read.Ok, text + Environment.NewLine + string.Join(Environment.NewLine, read.Errors));
            Assert.Equal(posts, read.Posts);
        }, cases: 400, Budget);
    }

    [Fact]
    public void Any_text_gives_the_CSV_reader_posts_or_errors_naming_a_line()
    {
        var csvish = from count in Gen.Choose(0, 60) from pieces in Gen.ArrayOf(Gen.Elements(CsvPieces), count) select string.Concat(pieces);
        var bytes = Generators.Bytes(400, (byte)'i', (byte)'"', 0xEF).Select(b => Encoding.UTF8.GetString(b));
        PropertyRun.ForAll("CSV reader is total", Gen.Frequency((3, csvish), (1, bytes)).Arb(), AssertCsvRead, cases: 2000, Budget);
    }

    [Fact]
    public void Any_text_gives_the_GeoJSON_reader_posts_or_errors_naming_a_feature()
    {
        var member = from name in Gen.Elements(JsonNames) from value in Gen.Frequency((4, Gen.Elements(JsonValues)), (1, Gen.Constant("{\"type\":\"Point\",\"coordinates\":[100.5,13.5]}"))) select $"\"{name}\":{value}";
        var json = from count in Gen.Choose(0, 6) from members in Gen.ArrayOf(member, count) select "{" + string.Join(',', members) + "}";
        var properties = from count in Gen.Choose(0, 6) from members in Gen.ArrayOf(member, count)
                         select "{\"id\":\"MHC-001\",\"name\":\"n\",\"address\":\"a\",\"station\":\"s\"" + string.Concat(members.Select(m => "," + m)) + "}";
        var feature = Gen.Frequency(
            (2, json),
            (1, Gen.Elements(JsonValues)),
            (3, from geometry in Gen.Frequency((3, Gen.Elements(JsonValues)), (1, json)) from props in Gen.OneOf(properties, json)
                select $"{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":{geometry}}},\"properties\":{props}}}"));
        var collection = from count in Gen.Choose(0, 5) from features in Gen.ArrayOf(feature, count)
                         select "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', features) + "]}";
        var bytes = Generators.Bytes(400, (byte)'{', (byte)'[').Select(b => Encoding.UTF8.GetString(b));
        PropertyRun.ForAll("GeoJSON reader is total", Gen.Frequency((4, collection), (1, json), (1, bytes)).Arb(), AssertGeoJsonRead, cases: 2000, Budget);
    }

    [Fact]
    public void Every_mutation_of_a_valid_CSV_or_GeoJSON_file_is_read_or_refused_naming_a_line_or_feature()
    {
        List<PostRecord>[] posts =
        [
            [
                new("MHC-001", "\u0e28\u0e32\u0e25\u0e32 \"\u0e21\u0e2b\u0e32\u0e0a\u0e31\u0e22\", 1", 13.54756, 100.27421, "Soi 5,\n\u0e16.\u0e40\u0e2d\u0e01\u0e0a\u0e31\u0e22", "\u0e2a\u0e20.\u0e21\u0e2b\u0e32\u0e0a\u0e31\u0e22", "samut-sakhon", "http://cam1.example/snapshot.cgi?channel=1,2"),
                new("MHC-002", "Pier", -0.5, -179.99999, "Quay 2", "Harbour"),
            ],
            [new("Z9", "\u0e01", 90, 180, "\u0e01\r\n\u0e02", "s", "g-1")],
        ];
        foreach (var (list, i) in posts.Select((p, i) => (p, i)))
        {
            var csv = new Seed($"posts-{i}.csv", Encoding.UTF8.GetBytes(PostsCsv.Write(list)), "csv");
            var geojson = new Seed($"posts-{i}.geojson", Encoding.UTF8.GetBytes(PostsGeoJson.Write(list)), "json");
            foreach (var mutation in Mutator.Mutations(csv, Mutator.PerSeed))
            {
                MqttDecoderProperties.Guard(mutation, () => AssertCsvRead(Encoding.UTF8.GetString(mutation.Bytes)));
            }

            foreach (var mutation in Mutator.Mutations(geojson, Mutator.PerSeed))
            {
                MqttDecoderProperties.Guard(mutation, () => AssertGeoJsonRead(Encoding.UTF8.GetString(mutation.Bytes)));
            }
        }
    }

    [Fact]
    public void One_bad_CSV_row_is_named_by_its_line_and_field_and_nothing_is_imported()
    {
        var values = (from posts in PostLists(8).Where(p => p.Count > 0)
                      from row in Gen.Choose(0, posts.Count - 1)
                      from fault in Gen.Elements(Enum.GetValues<Fault>())
                      from bad in Gen.Elements("91", "-90.0001", "abc", "", "13,5", "1e400", "NaN")
                      select new BadRow(posts, row, fault, bad)).Arb();
        using var directory = new TempDirectory();
        PropertyRun.ForAll("one bad CSV row", values, bad =>
        {
            var (text, field) = CsvWithBadRow(bad);
            var before = PostsCsv.Write(bad.Posts.Take(bad.Row));
            var line = before.Count(c => c == '\n') + 1;
            var read = PostsCsv.Parse(text);
            Assert.False(read.Ok, text);
            foreach (var error in read.Errors)
            {
                Assert.StartsWith($"line {line}: {field}", error, StringComparison.Ordinal);
            }

            AssertNothingImported(directory.Path, text, "csv");
        }, cases: 300, Budget);
    }

    [Fact]
    public void One_bad_GeoJSON_feature_is_named_by_its_index_and_field_and_nothing_is_imported()
    {
        var values = (from posts in PostLists(8).Where(p => p.Count > 0)
                      from row in Gen.Choose(0, posts.Count - 1)
                      from fault in Gen.Elements(Enum.GetValues<Fault>())
                      from bad in Gen.Elements("91", "-90.0001", "\"13.5\"", "null", "1e400", "true")
                      select new BadRow(posts, row, fault, bad)).Arb();
        using var directory = new TempDirectory();
        PropertyRun.ForAll("one bad GeoJSON feature", values, bad =>
        {
            var file = System.Text.Json.Nodes.JsonNode.Parse(PostsGeoJson.Write(bad.Posts))!;
            var feature = file["features"]![bad.Row]!.AsObject();
            var field = bad.Fault switch
            {
                Fault.Latitude => "geometry.coordinates[1] (latitude)",
                Fault.DuplicateId when bad.Row > 0 => "id",
                Fault.MissingColumn => "properties.station",
                _ => "properties.group",
            };
            switch (field)
            {
                case "geometry.coordinates[1] (latitude)":
                    feature["geometry"]!["coordinates"]![1] = System.Text.Json.Nodes.JsonNode.Parse(bad.Value);
                    break;
                case "id":
                    feature["properties"]!["id"] = bad.Posts[0].Id;
                    break;
                case "properties.station":
                    feature["properties"]!.AsObject().Remove("station");
                    break;
                default:
                    feature["properties"]!["group"] = "-Bad Group-";
                    break;
            }

            var text = file.ToJsonString();
            var read = PostsGeoJson.Parse(text);
            Assert.False(read.Ok, text);
            foreach (var error in read.Errors)
            {
                Assert.Matches($@"^features\[{bad.Row}\]( \(""[^""]*""\))?: {Regex.Escape(field)}: ", error);
            }

            AssertNothingImported(directory.Path, text, "geojson");
        }, cases: 300, Budget);
    }

    [Fact]
    public void A_coordinate_the_CSV_writer_writes_with_an_exponent_reads_back()
    {
        // Round-trip formatting writes 1E-05; the reader refused it, so an exported file could not be imported again.
        var post = new PostRecord("MHC-001", "\u0e28\u0e32\u0e25\u0e32", 1e-5, -1e-7, "Soi 5", "Mahachai");
        var text = PostsCsv.Write([post]);
        Assert.Contains("1E-05", text, StringComparison.Ordinal);
        var read = PostsCsv.Parse(text);
        Assert.True(read.Ok, string.Join(Environment.NewLine, read.Errors));
        Assert.Equal([post], read.Posts);
    }

    [Theory]
    [InlineData("{\"type\":\"FeatureCollection\",\"type\":\"FeatureCollection\",\"features\":[]}", "not valid JSON")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.5,13.5]},\"properties\":{\"id\":\"MHC-001\",\"name\":\"\\ud800\",\"address\":\"a\",\"station\":\"s\"}}]}", "features[0] (\"MHC-001\"): properties.name: ")]
    public void A_GeoJSON_file_with_a_repeated_member_or_a_lone_surrogate_is_refused_not_a_crash(string text, string expected)
    {
        // Both threw out of the reader (ArgumentException from JsonObject, InvalidOperationException from GetValue).
        var read = PostsGeoJson.Parse(text);
        Assert.StartsWith(expected, Assert.Single(read.Errors), StringComparison.Ordinal);
        Assert.Empty(read.Posts);
    }

    internal enum Fault
    {
        Latitude,
        DuplicateId,
        MissingColumn,
        Group,
    }

    internal sealed record BadRow(List<PostRecord> Posts, int Row, Fault Fault, string Value)
    {
        public override string ToString() => $"row {Row} {Fault} '{Value}' of{Environment.NewLine}{PostsCsv.Write(Posts)}";
    }

    /// <summary>The CSV of the posts with one row broken, and the field its error must name.</summary>
    private static (string Text, string Field) CsvWithBadRow(BadRow bad)
    {
        var post = bad.Posts[bad.Row];
        string[] fields = [post.Id, post.Name, PostsCsv.Number(post.Latitude), PostsCsv.Number(post.Longitude), post.Address, post.Station, post.Group, post.Camera];
        string field;
        switch (bad.Fault)
        {
            case Fault.Latitude:
                fields[2] = bad.Value;
                field = "latitude: ";
                break;
            case Fault.DuplicateId when bad.Row > 0:
                fields[0] = bad.Posts[0].Id;
                field = "id: ";
                break;
            case Fault.MissingColumn:
                fields = fields[..^1];
                field = "7 fields, but the header has 8";
                break;
            default:
                fields[6] = "Bad Group";
                field = "group: ";
                break;
        }

        var header = PostsCsv.Write([]);
        var after = PostsCsv.Write(bad.Posts.Skip(bad.Row + 1))[header.Length..];
        var row = string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\r\n";
        return (PostsCsv.Write(bad.Posts.Take(bad.Row)) + row + after, field);
    }

    /// <summary>The import refuses the file and leaves the registry file byte for byte as it was.</summary>
    private static void AssertNothingImported(string directory, string text, string format)
    {
        var registry = Path.Combine(directory, "posts.json");
        var file = Path.Combine(directory, "import." + format);
        RegistryFile.Save(registry, [new PostRecord("OLD-1", "old", 13, 100, "a", "s")]);
        var registryBefore = File.ReadAllBytes(registry);
        File.WriteAllText(file, text, new UTF8Encoding(false));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var refused = Assert.Throws<CliException>(() =>
            PostsCommands.ImportAsync(file, format, registry, null, output, error, TestContext.Current.CancellationToken).GetAwaiter().GetResult());
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("nothing was imported", refused.Message, StringComparison.Ordinal);
        Assert.Equal(registryBefore, File.ReadAllBytes(registry));
        Assert.Equal("", output.ToString());
    }

    private static void AssertCsvRead(string text)
    {
        var read = PostsCsv.Parse(text);
        var lines = text.Count(c => c == '\n') + text.Count(c => c == '\r') + 1;
        foreach (var error in read.Errors)
        {
            var match = CsvError().Match(error);
            Assert.True(match.Success, $"an error names no line: {error}");
            var line = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
            Assert.InRange(line, 1, lines);
            if (match.Groups["field"].Success)
            {
                Assert.Contains(match.Groups["field"].Value, Columns);
            }
        }

        AssertAcceptedIsValid(read, PostsCsv.Write, PostsCsv.Parse);
    }

    private static void AssertGeoJsonRead(string text)
    {
        var read = PostsGeoJson.Parse(text);
        foreach (var error in read.Errors)
        {
            if (error.StartsWith("not valid JSON: ", StringComparison.Ordinal) || error.StartsWith("must be a GeoJSON object", StringComparison.Ordinal))
            {
                Assert.Single(read.Errors);
                continue;
            }

            var match = GeoJsonError().Match(error);
            Assert.True(match.Success, $"an error names no feature and field: {error}");
        }

        AssertAcceptedIsValid(read, PostsGeoJson.Write, PostsGeoJson.Parse);
    }

    /// <summary>An accepted file holds only valid posts with distinct ids, which write and read back as themselves.</summary>
    private static void AssertAcceptedIsValid(PostsReadResult read, Func<IEnumerable<PostRecord>, string> write, Func<string, PostsReadResult> parse)
    {
        if (!read.Ok)
        {
            return;
        }

        Assert.Equal(read.Posts.Count, read.Posts.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var post in read.Posts)
        {
            Assert.Null(PostRules.Id(post.Id));
            Assert.InRange(post.Latitude, -90, 90);
            Assert.InRange(post.Longitude, -180, 180);
            Assert.Null(PostRules.Group(post.Group));
            Assert.Null(PostRules.Camera(post.Camera));
            Assert.All([post.Name, post.Address, post.Station], text => Assert.Null(PostRules.RequiredText(text)));
        }

        var again = parse(write(read.Posts));
        Assert.True(again.Ok, string.Join(Environment.NewLine, again.Errors));
        Assert.Equal(read.Posts, again.Posts);
    }

    /// <summary>Valid posts with distinct ids: Thai names with commas, quotes and line breaks, coordinates in range, groups and cameras.</summary>
    private static Gen<List<PostRecord>> PostLists(int maxCount)
    {
        var idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".ToCharArray();
        var id = from first in Gen.Elements("ABCMZ0189".ToCharArray()) from more in Gen.Choose(0, 31)
                 from tail in Gen.ArrayOf(Gen.Elements(idChars), more) select first + new string(tail);
        var text = from count in Gen.Choose(1, 8) from pieces in Gen.ArrayOf(Gen.Elements(TextPieces), count)
                   let joined = string.Concat(pieces).Trim()
                   select joined.Length == 0 ? "\u0e01" : joined;
        var groupChars = "abcz019-".ToCharArray();
        var groups = Gen.Frequency(
            (1, Gen.Constant("")),
            (2, from length in Gen.Choose(1, 64) from chars in Gen.ArrayOf(Gen.Elements(groupChars), length)
                select new string(chars).Trim('-') is { Length: > 0 } g ? g : "samut-sakhon"));
        var camera = Gen.Frequency(
            (1, Gen.Constant("")),
            (1, from n in Gen.Choose(0, 999) from scheme in Gen.Elements("http", "https", "HTTP")
                select string.Create(CultureInfo.InvariantCulture, $"{scheme}://cam{n}.example:8080/cgi-bin/snapshot.cgi?channel=1,2&x=\"{n}\"")));
        var post = from postId in id
                   from name in text
                   from latitude in Coordinate(90)
                   from longitude in Coordinate(180)
                   from address in text
                   from station in text
                   from g in groups
                   from c in camera
                   select new PostRecord(postId, name, latitude, longitude, address, station, g, c);
        return from count in Gen.Choose(0, maxCount)
               from posts in Gen.ArrayOf(post, count)
               select posts.DistinctBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    private static Gen<double> Coordinate(double limit) => Gen.Frequency(
        (1, Gen.Elements(EdgeCoordinates.Concat([limit, -limit]).Select(c => Math.Clamp(c, -limit, limit)).ToArray())),
        (4, from n in Gen.Choose(int.MinValue, int.MaxValue) select Math.Clamp(limit * n / int.MaxValue, -limit, limit)),
        (2, from n in Gen.Choose(-(int)limit * 100000, (int)limit * 100000) select n / 100000.0));

    // "line N: " then, for a row's field, the column name and ": ".
    [GeneratedRegex(@"^line (?<line>[0-9]+): ((?<field>[a-z]+): )?", RegexOptions.ExplicitCapture)]
    private static partial Regex CsvError();

    // "features[N]", the id when it has one, then the field (or that it is no Feature object).
    [GeneratedRegex(@"^features\[[0-9]+\]( \("".*""\))?: ((properties(\.[a-z]+)?|geometry(\.coordinates(\[[01]\] \((longitude|latitude)\))?)?|id): |must be an object with ""type"": ""Feature"")", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex GeoJsonError();
}
