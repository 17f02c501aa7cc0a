using SosPost.Gateway.Registry;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Registry;

public sealed class PostsFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_demo_posts_file_is_valid()
    {
        var posts = PostsFile.Load(Path.Combine(AppContext.BaseDirectory, "demo", "posts.json"));

        Assert.Equal(20, posts.Count);
        var market = posts.Single(p => p.Id == "MHC-001");
        Assert.Equal(TestPosts.Market, market);
    }

    [Fact]
    public void A_bad_entry_is_refused_naming_the_entry_and_the_field()
    {
        const string json = """
            {"posts":[
              {"id":"MHC-001","name":"Market","latitude":13.5,"longitude":100.2,"address":"Rd 1","station":"Station 1"},
              {"id":"MHC-002","name":"Pier","latitude":"13.5","longitude":100.2,"address":"Rd 2","station":"Station 1"}
            ]}
            """;

        var error = Assert.Throws<PostsFileException>(() => PostsFile.Parse(json, "posts.json"));

        Assert.Equal("Posts file 'posts.json': posts[1] (\"MHC-002\"): \"latitude\" must be a number from -90 to 90.", error.Message);
    }

    [Fact]
    public void Every_problem_of_a_file_is_listed_at_once()
    {
        const string json = """
            {"posts":[
              {"id":"mhc 1","name":"Market","latitude":13.5,"longitude":100.2,"address":"Rd 1","station":"Station 1"},
              {"id":"MHC-002","latitude":13.5,"longitude":200,"address":"","station":"Station 1"},
              {"name":"No id","latitude":13.5,"longitude":100.2,"address":"Rd","station":"S"},
              {"id":"MHC-004","name":"Twin","latitude":13.5,"longitude":100.2,"address":"Rd","station":"S"},
              {"id":"MHC-004","name":"Twin","latitude":13.5,"longitude":100.2,"address":"Rd","station":"S"},
              42
            ]}
            """;

        var error = Assert.Throws<PostsFileException>(() => PostsFile.Parse(json, "posts.json"));

        Assert.Equal(
            [
                "posts[0] (\"mhc 1\"): \"id\" must be 1 to 32 characters of A-Z, 0-9 and '-', not starting with '-'.",
                "posts[1] (\"MHC-002\"): \"name\" is missing.",
                "posts[1] (\"MHC-002\"): \"longitude\" must be a number from -180 to 180.",
                "posts[1] (\"MHC-002\"): \"address\" must be a non-empty string.",
                "posts[2]: \"id\" is missing.",
                "posts[4] (\"MHC-004\"): \"id\" repeats the id of posts[3].",
                "posts[5] must be an object.",
            ],
            error.Errors);
    }

    [Theory]
    [InlineData("{\"posts\":[", "is not valid JSON")]
    [InlineData("[]", "must be an object with a \"posts\" array.")]
    [InlineData("{\"post\":[]}", "must be an object with a \"posts\" array.")]
    public void A_file_that_is_not_a_posts_document_is_refused(string json, string expected)
    {
        var error = Assert.Throws<PostsFileException>(() => PostsFile.Parse(json, "posts.json"));

        Assert.StartsWith("Posts file 'posts.json': " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_with_a_malformed_posts_file()
    {
        using var directory = new TempDirectory();
        var seedFile = directory.File("bad-posts.json");
        await File.WriteAllTextAsync(seedFile, """{"posts":[{"id":"MHC-001","name":"Market","latitude":13.5,"longitude":100.2,"address":"Rd","station":"S"},{"id":"MHC-002","name":"Pier","latitude":13.5,"address":"Rd","station":"S"}]}""", Ct);
        await using var app = new GatewayApp(directory, new Dictionary<string, string?> { ["Gateway:Registry:SeedFile"] = seedFile });

        var error = Assert.IsType<PostsFileException>(app.StartupFailure());

        Assert.Contains("posts[1] (\"MHC-002\"): \"longitude\" is missing.", error.Message, StringComparison.Ordinal);
        Assert.Contains(seedFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seeding_again_updates_known_posts_and_keeps_the_others()
    {
        using var directory = new TempDirectory();
        await using (var first = new GatewayApp(directory))
        {
            first.NewClient().Dispose();
        }

        var seedFile = directory.File("moved.json");
        await File.WriteAllTextAsync(seedFile, """{"posts":[{"id":"MHC-001","name":"Market (moved)","latitude":13.55,"longitude":100.28,"address":"Rd 9","station":"S"}]}""", Ct);
        await using var second = new GatewayApp(directory, new Dictionary<string, string?> { ["Gateway:Registry:SeedFile"] = seedFile });
        second.NewClient().Dispose();

        var registry = second.Services.GetRequiredService<IPostRegistry>();
        Assert.Equal(new Post("MHC-001", "Market (moved)", 13.55, 100.28, "Rd 9", "S"), registry.Find("MHC-001"));
        Assert.Equal(TestPosts.Skywalk, registry.Find("BKK-001"));
        Assert.Null(registry.Find("MHC-999"));
    }
}
