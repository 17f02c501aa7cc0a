using SosPost.Cli.Posts;

namespace SosPost.Cli.Tests;

public sealed class PostsGeoJsonTests
{
    private static string Feature(string coordinates, string properties) =>
        $$"""{"type":"Feature","geometry":{"type":"Point","coordinates":{{coordinates}}},"properties":{{properties}}}""";

    private static string Collection(params string[] features) => $$"""{"type":"FeatureCollection","features":[{{string.Join(',', features)}}]}""";

    private const string Good = """{"id":"MHC-001","name":"ตลาดมหาชัย","address":"Sukhonthawit Rd","station":"Mueang","group":"samut-sakhon","camera":"https://cam.local/snap.jpg"}""";

    [Fact]
    public void Points_become_posts_with_longitude_first()
    {
        var result = PostsGeoJson.Parse(Collection(Feature("[100.27351,13.54756]", Good)));

        Assert.Empty(result.Errors);
        Assert.Equal(new PostRecord("MHC-001", "ตลาดมหาชัย", 13.54756, 100.27351, "Sukhonthawit Rd", "Mueang", "samut-sakhon", "https://cam.local/snap.jpg"), Assert.Single(result.Posts));
    }

    [Fact]
    public void Written_geojson_reads_back_to_the_same_posts()
    {
        PostRecord[] posts = [new("MHC-001", "ตลาดมหาชัย, ประตูเหนือ", 13.54756, 100.27351, "ถนน \"สุคนธวิท\"", "Mueang"), new("BKK-002", "Pratunam", -13.75, -100.54, "Ratchaprarop", "Phaya Thai", "bangkok", "http://cam/x.jpg")];

        var result = PostsGeoJson.Parse(PostsGeoJson.Write(posts));

        Assert.Empty(result.Errors);
        Assert.Equal(posts, result.Posts);
    }

    [Theory]
    [InlineData("[100.2,95]", Good, "features[0] (\"MHC-001\"): geometry.coordinates[1] (latitude): 95 is outside -90 to 90")]
    [InlineData("[200,13.5]", Good, "features[0] (\"MHC-001\"): geometry.coordinates[0] (longitude): 200 is outside -180 to 180")]
    [InlineData("[\"100.2\",13.5]", Good, "features[0] (\"MHC-001\"): geometry.coordinates[0] (longitude): must be a number")]
    [InlineData("[100.2]", Good, "features[0] (\"MHC-001\"): geometry.coordinates: must be [longitude, latitude]")]
    [InlineData("[100.2,13.5]", """{"id":"MHC-001","name":"A","station":"S"}""", "features[0] (\"MHC-001\"): properties.address: missing, or not a string")]
    [InlineData("[100.2,13.5]", """{"name":"A","address":"B","station":"S"}""", "features[0]: properties.id: missing, or not a string")]
    [InlineData("[100.2,13.5]", """{"id":"MHC-001","name":"A","address":"B","station":"S","camera":"ftp://cam/x"}""", "features[0] (\"MHC-001\"): properties.camera: must be an absolute http or https URL")]
    public void A_bad_feature_is_reported_with_its_index_and_field(string coordinates, string properties, string expected)
    {
        var result = PostsGeoJson.Parse(Collection(Feature("[100.2,13.5]", Good.Replace("MHC-001", "MHC-000", StringComparison.Ordinal)), Feature(coordinates, properties)));

        Assert.Contains(result.Errors, e => e.StartsWith(expected.Replace("features[0]", "features[1]", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeated_id_names_both_features()
    {
        var result = PostsGeoJson.Parse(Collection(Feature("[100.2,13.5]", Good), Feature("[100.3,13.6]", Good)));

        Assert.Equal(["features[1] (\"MHC-001\"): id: \"MHC-001\" repeats the id of features[0] (\"MHC-001\")"], result.Errors);
    }

    [Theory]
    [InlineData("""{"type":"Feature"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"type":"FeatureCollection","features":[1]""")]
    public void Not_a_feature_collection_is_one_clear_error(string json)
    {
        var result = PostsGeoJson.Parse(json);

        Assert.Single(result.Errors);
        Assert.Empty(result.Posts);
    }
}
