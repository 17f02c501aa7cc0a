using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Registry;

/// <summary>A post's <c>group</c> (which dispatch targets serve it) and <c>camera</c> (its still-image URL).</summary>
public sealed class PostGroupAndCameraTests
{
    private const string Entry = """{"id":"MHC-001","name":"Market","latitude":13.5,"longitude":100.2,"address":"Rd 1","station":"S"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_post_without_group_or_camera_is_in_the_default_group_with_no_camera()
    {
        var post = Assert.Single(PostsFile.Parse($$"""{"posts":[{{Entry}}]}""", "posts.json"));

        Assert.Equal((Post.DefaultGroup, (Uri?)null), (post.Group, post.Camera));
    }

    [Fact]
    public void Group_and_camera_are_read_from_the_posts_file()
    {
        var json = $$"""{"posts":[{{Entry[..^1]}},"group":"samut-sakhon","camera":"http://10.20.0.31/cgi-bin/snapshot.cgi?channel=1"}]}""";

        var post = Assert.Single(PostsFile.Parse(json, "posts.json"));

        Assert.Equal("samut-sakhon", post.Group);
        Assert.Equal(new Uri("http://10.20.0.31/cgi-bin/snapshot.cgi?channel=1"), post.Camera);
    }

    [Fact]
    public void A_bad_group_or_camera_is_refused_naming_the_post_and_field_and_never_repeating_a_password()
    {
        var json = $$"""
            {"posts":[
              {{Entry[..^1]}},"group":"Samut Sakhon"},
              {"id":"MHC-002","name":"Pier","latitude":13.5,"longitude":100.2,"address":"Rd 2","station":"S","group":7,"camera":"ftp://cam/still.jpg"},
              {"id":"MHC-003","name":"Hall","latitude":13.5,"longitude":100.2,"address":"Rd 3","station":"S","camera":"http://admin:hunter2@10.20.0.33/still.jpg"},
              {"id":"MHC-004","name":"Pier","latitude":13.5,"longitude":100.2,"address":"Rd 4","station":"S","group":"-bangkok","camera":42}
            ]}
            """;

        var error = Assert.Throws<PostsFileException>(() => PostsFile.Parse(json, "posts.json"));

        const string rule = "must be 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-' (e.g. \"samut-sakhon\").";
        Assert.Equal(
            [
                $"posts[0] (\"MHC-001\"): \"group\" {rule}",
                $"posts[1] (\"MHC-002\"): \"group\" {rule}",
                "posts[1] (\"MHC-002\"): \"camera\" must be an absolute http or https URL of the camera's still image.",
                "posts[2] (\"MHC-003\"): \"camera\" must not contain a user name or password; put camera credentials in Gateway:Snapshot:Credentials.",
                $"posts[3] (\"MHC-004\"): \"group\" {rule}",
                "posts[3] (\"MHC-004\"): \"camera\" must be a string: the camera's still-image URL.",
            ],
            error.Errors);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_posts_are_in_two_groups()
    {
        var posts = PostsFile.Load(Path.Combine(AppContext.BaseDirectory, "demo", "posts.json"));

        Assert.Equal(
            [("bangkok", 10), ("samut-sakhon", 10)],
            posts.GroupBy(p => p.Group).Select(g => (g.Key, g.Count())).Order());
        Assert.All(posts, p => Assert.Equal(p.Id.StartsWith("MHC-", StringComparison.Ordinal) ? "samut-sakhon" : "bangkok", p.Group));
    }

    [Fact]
    public async Task Group_and_camera_are_stored_and_shown_by_the_posts_api_and_a_new_seed_changes_them()
    {
        using var directory = new TempDirectory();
        var camera = new Uri("http://10.20.0.31/cgi-bin/snapshot.cgi?channel=1");
        await using (var first = new GatewayApp(directory, new Dictionary<string, string?>
        {
            ["Gateway:Registry:SeedFile"] = TestPosts.WriteFile(directory, "with-camera.json", TestPosts.Market with { Camera = camera }, TestPosts.Skywalk),
        }))
        {
            var client = await first.LoggedInClientAsync();
            var posts = (await client.GetFromJsonAsync<JsonElement>("/api/posts", Ct)).EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
            Assert.Equal(("samut-sakhon", camera.AbsoluteUri), (posts["MHC-001"].GetProperty("group").GetString(), posts["MHC-001"].GetProperty("camera").GetString()));
            Assert.Equal(("bangkok", JsonValueKind.Null), (posts["BKK-001"].GetProperty("group").GetString(), posts["BKK-001"].GetProperty("camera").ValueKind));
        }

        // Read back from the database alone (no seed file), then changed by a new seed.
        await using (var restarted = new GatewayApp(directory, new Dictionary<string, string?> { ["Gateway:Registry:SeedFile"] = null }))
        {
            restarted.NewClient().Dispose();
            Assert.Equal(TestPosts.Market with { Camera = camera }, restarted.Services.GetRequiredService<IPostRegistry>().Find("MHC-001"));
        }

        await using var reseeded = new GatewayApp(directory, new Dictionary<string, string?>
        {
            ["Gateway:Registry:SeedFile"] = TestPosts.WriteFile(directory, "moved.json", TestPosts.Market with { Group = "bangkok" }),
        });
        reseeded.NewClient().Dispose();
        Assert.Equal(TestPosts.Market with { Group = "bangkok" }, reseeded.Services.GetRequiredService<IPostRegistry>().Find("MHC-001"));
    }
}
