namespace SosPost.Simulator.Tests;

public sealed class PostsFilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sospost-posts-");

    [Fact]
    public void Demo_posts_file_loads()
    {
        var posts = PostsFiles.LoadPosts(Path.Combine(RepositoryRoot(), "scripts", "demo", "posts.json"), out var error);

        Assert.Null(error);
        Assert.Equal(20, posts!.Count);
        Assert.Equal("MHC-001", posts[0].Id);
        Assert.Equal("Mahachai Market north gate", posts[0].Name);
    }

    [Theory]
    [InlineData("{\"posts\":[{\"id\":\"mhc-1\"}]}", "not a valid post id")]
    [InlineData("{\"posts\":[{\"id\":\"A\"},{\"id\":\"A\"}]}", "listed twice")]
    [InlineData("{\"posts\":[]}", "lists no posts")]
    [InlineData("{}", "lists no posts")]
    [InlineData("{\"posts\":", "posts file")]
    public void Invalid_posts_file_is_refused_with_a_reason(string json, string reason)
    {
        var path = Write("posts.json", json);

        Assert.Null(PostsFiles.LoadPosts(path, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_posts_file_is_refused_with_its_path()
    {
        var path = Path.Combine(_dir.FullName, "absent.json");

        Assert.Null(PostsFiles.LoadPosts(path, out var error));
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_map_post_ids_to_passwords_and_message_keys()
    {
        var key = new string('a', 64);
        var path = Write("credentials.json", "{\"MHC-001\":{\"password\":\"a\",\"key\":\"" + key + "\"},\"MHC-002\":{\"password\":\"b\",\"key\":\"" + key + "\"}}");

        var credentials = PostsFiles.LoadCredentials(path, out var error);

        Assert.Null(error);
        Assert.Equal("b", credentials!["MHC-002"].Password);
        Assert.Equal(Convert.FromHexString(key), credentials["MHC-002"].Key);
        Assert.Null(PostsFiles.LoadCredentials(Write("bad.json", "[1]"), out var bad));
        Assert.NotNull(bad);
    }

    [Theory]
    [InlineData("{\"MHC-001\":\"only-a-password\"}", "post MHC-001 has no \"password\"")]
    [InlineData("{\"MHC-001\":{\"password\":\"a\"}}", "post MHC-001 has no \"key\" of 64 hex characters")]
    [InlineData("{\"MHC-001\":{\"password\":\"a\",\"key\":\"abc\"}}", "post MHC-001 has no \"key\" of 64 hex characters")]
    public void A_post_without_a_password_or_a_valid_key_is_named(string json, string expected)
    {
        Assert.Null(PostsFiles.LoadCredentials(Write("c.json", json), out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_entry_needs_no_password_and_its_files_are_relative_to_the_credentials_file()
    {
        var key = new string('a', 64);
        var path = Write("certs.json", "{\"MHC-001\":{\"key\":\"" + key + "\",\"clientCert\":\"MHC-001.crt\",\"clientKey\":\"/abs/MHC-001.key\"}}");

        var credentials = PostsFiles.LoadCredentials(path, out var error);

        Assert.Null(error);
        Assert.Equal("", credentials!["MHC-001"].Password);
        Assert.Equal(Path.Combine(_dir.FullName, "MHC-001.crt"), credentials["MHC-001"].ClientCert);
        Assert.Equal("/abs/MHC-001.key", credentials["MHC-001"].ClientKey);
        Assert.False(credentials["MHC-001"].PasswordFallback);
    }

    [Theory]
    [InlineData("\"clientCert\":\"c.crt\"", "needs both \"clientCert\" and \"clientKey\"")]
    [InlineData("\"password\":\"a\",\"passwordFallback\":true", "has \"passwordFallback\" without \"clientCert\"")]
    [InlineData("\"clientCert\":\"c.crt\",\"clientKey\":\"c.key\",\"passwordFallback\":true", "post MHC-001 has no \"password\"")]
    public void A_certificate_entry_that_cannot_work_as_written_is_named(string fields, string expected)
    {
        var json = "{\"MHC-001\":{\"key\":\"" + new string('a', 64) + "\"," + fields + "}}";

        Assert.Null(PostsFiles.LoadCredentials(Write("c.json", json), out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SosPost.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SosPost.sln not found above " + AppContext.BaseDirectory);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
