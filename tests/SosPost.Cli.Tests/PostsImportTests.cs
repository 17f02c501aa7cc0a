using SosPost.Gateway.Registry;

namespace SosPost.Cli.Tests;

public sealed class PostsImportTests : IDisposable
{
    private const string Header = "id,name,latitude,longitude,address,station,group,camera\n";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Import_writes_a_registry_file_the_gateway_accepts_and_keeps_posts_not_listed()
    {
        var registry = _folder.Write("posts.json", """{"posts":[{"id":"OLD-001","name":"Old","latitude":1,"longitude":2,"address":"A","station":"S"}]}""");
        var csv = _folder.Write("posts.csv", Header + "MHC-001,ตลาดมหาชัย,13.54756,100.27351,\"Sukhonthawit Rd, Mahachai\",Mueang,samut-sakhon,http://10.1.1.5/snap.jpg\n");

        var run = await CliRun.RunAsync("posts", "import", csv, "--registry", registry);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 added, 0 updated, 2 posts in the registry file", run.Output, StringComparison.Ordinal);
        var posts = PostsFile.Load(registry); // the gateway's own reader
        Assert.Equal(["OLD-001", "MHC-001"], posts.Select(p => p.Id));
        var imported = posts[1];
        Assert.Equal(("ตลาดมหาชัย", 13.54756, 100.27351, "Sukhonthawit Rd, Mahachai", "samut-sakhon", "http://10.1.1.5/snap.jpg"), (imported.Name, imported.Latitude, imported.Longitude, imported.Address, imported.Group, imported.Camera?.ToString()));
    }

    [Fact]
    public async Task One_bad_row_writes_nothing_and_every_problem_is_on_stderr()
    {
        var original = """{"posts":[{"id":"OLD-001","name":"Old","latitude":1,"longitude":2,"address":"A","station":"S"}]}""";
        var registry = _folder.Write("posts.json", original);
        var csv = _folder.Write("posts.csv", Header + "MHC-001,A,13.5,100.2,Addr,St,,\nMHC-002,B,91,100.2,Addr,St,,\nMHC-001,C,13.5,100.2,Addr,St,,\n");

        var run = await CliRun.RunAsync("posts", "import", csv, "--registry", registry);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{csv}: line 3: latitude: 91 is outside -90 to 90", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{csv}: line 4: id: \"MHC-001\" repeats the id of line 2", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("2 error(s); nothing was imported" + Environment.NewLine, run.Error, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(registry));
    }

    [Fact]
    public async Task GeoJson_imports_and_exports_back_as_the_same_csv()
    {
        var registry = _folder.File("posts.json");
        var csv = Header + "BKK-001,อนุสาวรีย์ชัยฯ,13.7649,100.5383,\"ถนนพหลโยธิน, ราชเทวี\",พญาไท,bangkok,\n";
        Assert.Equal(0, (await CliRun.RunAsync("posts", "import", _folder.Write("in.csv", csv), "--registry", registry)).ExitCode);

        var geojson = await CliRun.RunAsync("posts", "export", "--format", "geojson", "--registry", registry);
        File.Delete(registry);
        Assert.Equal(0, (await CliRun.RunAsync("posts", "import", _folder.Write("in.geojson", geojson.Output), "--registry", registry)).ExitCode);
        var back = await CliRun.RunAsync("posts", "export", "--registry", registry);

        Assert.Equal(0, back.ExitCode);
        Assert.Equal(csv, back.Output);
    }

    [Fact]
    public async Task Show_lists_one_post_or_says_it_is_unknown()
    {
        var registry = _folder.Write("posts.json", """{"posts":[{"id":"MHC-001","name":"Gate","latitude":13.5,"longitude":100.2,"address":"A","station":"S"}]}""");

        var one = await CliRun.RunAsync("posts", "show", "MHC-001", "--registry", registry);
        var unknown = await CliRun.RunAsync("posts", "show", "MHC-999", "--registry", registry);

        Assert.Equal(0, one.ExitCode);
        Assert.StartsWith("MHC-001", one.Output, StringComparison.Ordinal);
        Assert.Equal(6, unknown.ExitCode);
    }

    [Theory]
    [InlineData(2, "posts", "import")]
    [InlineData(2, "posts", "import", "x.csv")]
    [InlineData(2, "posts", "export", "--format", "xml", "--registry", "p.json")]
    [InlineData(2, "no-such-command")]
    [InlineData(2, "test", "MHC-001")]
    [InlineData(2, "watch")]
    [InlineData(3, "posts", "import", "/no/such/file.csv", "--registry", "p.json")]
    [InlineData(3, "posts", "export", "--registry", "/no/such/posts.json")]
    [InlineData(0, "--help")]
    public async Task Exit_codes_follow_the_table_in_help(int expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(expected, run.ExitCode);
        if (expected != 0)
        {
            Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
            Assert.Empty(run.Output);
        }
    }

    [Fact]
    public async Task Help_ends_with_the_exit_code_table()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Contains("Exit codes:", run.Output, StringComparison.Ordinal);
        Assert.Contains("3  an input file has errors", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sim_hands_its_arguments_to_the_simulator()
    {
        var run = await CliRun.RunAsync("sim", "press", "MHC-001", "--control-port", "1");

        Assert.Equal(3, run.ExitCode); // the simulator's own code: nothing answers on its control port
    }

    public void Dispose() => _folder.Dispose();
}
