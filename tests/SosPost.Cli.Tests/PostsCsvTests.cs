using SosPost.Cli.Posts;

namespace SosPost.Cli.Tests;

public sealed class PostsCsvTests
{
    private const string Header = "id,name,latitude,longitude,address,station,group,camera\n";

    [Fact]
    public void Quoted_fields_keep_their_commas_quotes_and_line_breaks()
    {
        var result = PostsCsv.Parse(Header
            + "MHC-001,\"Market, north gate\",13.54756,100.27351,\"Sukhonthawit Rd, \"\"Mahachai\"\"\",Mueang Police,samut-sakhon,http://10.0.0.5/snap.jpg\n"
            + "MHC-002,\"Railway\nstation\",13.547,100.27445,Mahachai,Mueang Police,,\n");

        Assert.Empty(result.Errors);
        Assert.Equal("Market, north gate", result.Posts[0].Name);
        Assert.Equal("Sukhonthawit Rd, \"Mahachai\"", result.Posts[0].Address);
        Assert.Equal("http://10.0.0.5/snap.jpg", result.Posts[0].Camera);
        Assert.Equal("Railway\nstation", result.Posts[1].Name);
        Assert.Equal(13.547, result.Posts[1].Latitude);
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_group_and_camera_may_be_left_out()
    {
        var result = PostsCsv.Parse("\uFEFFstation,ID,longitude,latitude,name,address\r\nKhok Kham,MHC-003,100.2727,13.5341,Seafood market,Ekkachai Rd\r\n");

        var post = Assert.Single(result.Posts);
        Assert.Equal(new PostRecord("MHC-003", "Seafood market", 13.5341, 100.2727, "Ekkachai Rd", "Khok Kham"), post);
    }

    [Fact]
    public void Thai_text_survives_csv_then_registry_file_then_csv()
    {
        var csv = Header + "BKK-001,อนุสาวรีย์ชัยสมรภูมิ,13.7649,100.5383,\"ถนนพหลโยธิน, ราชเทวี\",สถานีตำรวจนครบาลพญาไท,bangkok,\n";

        var posts = PostsCsv.Parse(csv).Posts;
        var fromRegistry = RegistryFile.Parse(RegistryFile.Write(posts));

        Assert.Empty(fromRegistry.Errors);
        Assert.Equal(csv, PostsCsv.Write(fromRegistry.Posts));
        Assert.Contains("อนุสาวรีย์ชัยสมรภูมิ", RegistryFile.Write(posts), StringComparison.Ordinal); // readable, not \u-escaped
    }

    [Fact]
    public void A_registry_file_with_a_repeated_field_is_refused_with_a_reason_not_a_crash()
    {
        var result = RegistryFile.Parse("""{ "posts": [ { "id": "MHC-001", "id": "MHC-002", "name": "Gate" } ] }""");

        Assert.Empty(result.Posts);
        Assert.StartsWith("not valid JSON", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MHC-001,Gate,95.1,100.2,Addr,Station,,\n", "line 2: latitude: 95.1 is outside -90 to 90")]
    [InlineData("MHC-001,Gate,13.5,abc,Addr,Station,,\n", "line 2: longitude: \"abc\" is not a number")]
    [InlineData("MHC-001,Gate,\"13,5\",100.2,Addr,Station,,\n", "line 2: latitude: \"13,5\" is not a number (use a dot for decimals")]
    [InlineData("mhc 1,Gate,13.5,100.2,Addr,Station,,\n", "line 2: id: \"mhc 1\" must be 1 to 32 of A-Z, 0-9 and '-'")]
    [InlineData("MHC-001,,13.5,100.2,Addr,Station,,\n", "line 2: name: is empty")]
    [InlineData("MHC-001,Gate,13.5,100.2,Addr,,,\n", "line 2: station: is empty")]
    [InlineData("MHC-001,Gate,13.5,100.2,Addr,Station,Samut Sakhon,\n", "line 2: group: \"Samut Sakhon\" must be 1 to 64 characters of a-z")]
    [InlineData("MHC-001,Gate,13.5,100.2,Addr,Station,,http://admin:secret@cam/snap.jpg\n", "line 2: camera: must not contain a user name or password")]
    [InlineData("MHC-001,Gate,13.5,100.2,Addr, Station, with comma,,\n", "line 2: 9 fields, but the header has 8 (quote a field that holds a comma)")]
    [InlineData("MHC-001,\"Gate,13.5,100.2,Addr,Station,,\n", "line 2: a quoted field is not closed")]
    [InlineData("MHC-001,Gate \"north\",13.5,100.2,Addr,Station,,\n", "line 2: a quote inside an unquoted field")]
    public void A_bad_row_is_reported_with_its_line_and_field(string row, string expected)
    {
        var result = PostsCsv.Parse(Header + row);

        Assert.Empty(result.Posts);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeated_id_names_both_lines()
    {
        var result = PostsCsv.Parse(Header + "MHC-001,A,13.5,100.2,Addr,St,,\n\"MHC-002\",B,13.5,100.2,\"multi\nline\",St,,\nMHC-001,C,13.5,100.2,Addr,St,,\n");

        Assert.Equal(["line 5: id: \"MHC-001\" repeats the id of line 2"], result.Errors);
    }

    [Fact]
    public void A_missing_or_unknown_column_is_reported_on_line_one()
    {
        var result = PostsCsv.Parse("id,name,lat,longitude,address,station\nMHC-001,A,13.5,100.2,Addr,St\n");

        Assert.Contains("line 1: unknown column \"lat\" (columns: id,name,latitude,longitude,address,station,group,camera)", result.Errors);
        Assert.Contains("line 1: missing column \"latitude\"", result.Errors);
        Assert.Empty(result.Posts);
    }

    [Fact]
    public void Every_bad_row_is_reported_not_only_the_first()
    {
        var result = PostsCsv.Parse(Header + "MHC-001,A,91,100.2,Addr,St,,\nMHC-002,B,13.5,100.2,Addr,St,,\nMHC-003,C,13.5,181,Addr,St,,\n");

        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("line 2: latitude", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 4: longitude", result.Errors[1], StringComparison.Ordinal);
    }
}
