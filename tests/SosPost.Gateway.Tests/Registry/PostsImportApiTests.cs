using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Registry;

/// <summary><c>PUT /api/posts</c> (what <c>sospost posts import --gateway</c> calls): admins only, and every import is audited.</summary>
public sealed class PostsImportApiTests : IDisposable
{
    private const string TwoPosts = """
        {"posts":[
          {"id":"NEW-001","name":"New gate","latitude":13.5,"longitude":100.2,"address":"Addr 1","station":"Mueang"},
          {"id":"NEW-002","name":"New pier","latitude":13.6,"longitude":100.3,"address":"Addr 2","station":"Mueang"}
        ]}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(TestUsers.Dispatcher)]
    [InlineData(TestUsers.Technician)]
    public async Task Only_an_admin_may_change_the_registry_and_a_refused_import_stores_nothing(string user)
    {
        await using var app = new GatewayApp(_directory);
        using var client = await LoggedInWithTokenAsync(app, user);

        using var response = await client.PutAsync("/api/posts", Json(TwoPosts), Ct);

        // With a valid CSRF token, so the 403 is the role's, not the token check's.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var admin = await LoggedInWithTokenAsync(app, TestUsers.Admin);
        Assert.DoesNotContain("NEW-001", await admin.GetStringAsync("/api/posts", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditAsync(admin), e => e.Action == AuditActions.PostsImport);
    }

    [Fact]
    public async Task An_admins_import_is_stored_and_in_the_audit_log_with_who_and_how_many()
    {
        await using var app = new GatewayApp(_directory);
        using var admin = await LoggedInWithTokenAsync(app, TestUsers.Admin);

        using var response = await admin.PutAsync("/api/posts", Json(TwoPosts), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("count").GetInt32());
        Assert.Contains("NEW-002", await admin.GetStringAsync("/api/posts", Ct), StringComparison.Ordinal);
        var entry = Assert.Single(await AuditAsync(admin), e => e.Action == AuditActions.PostsImport);
        Assert.Equal((TestUsers.Admin, "2 posts: NEW-001, NEW-002"), (entry.UserName, entry.Detail));
    }

    [Fact]
    public async Task A_refused_file_is_not_audited_as_an_import()
    {
        await using var app = new GatewayApp(_directory);
        using var admin = await LoggedInWithTokenAsync(app, TestUsers.Admin);

        using var response = await admin.PutAsync("/api/posts", Json("""{"posts":[{"id":"NEW-001","name":"","latitude":91,"longitude":100.2,"address":"A","station":"S"}]}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await AuditAsync(admin), e => e.Action == AuditActions.PostsImport);
    }

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    private static async Task<IReadOnlyList<AuditRecord>> AuditAsync(HttpClient admin) =>
        await admin.GetFromJsonAsync<List<AuditRecord>>("/api/audit", Ct) ?? [];

    /// <summary>Logs in and sends the login's CSRF token (the sospost.csrf cookie) on every request, as the console and the CLI do.</summary>
    private static async Task<HttpClient> LoggedInWithTokenAsync(GatewayApp app, string user)
    {
        var client = app.NewClient();
        using var login = await GatewayApp.LoginAsync(client, user, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var token = login.Headers.GetValues("Set-Cookie")
            .Select(cookie => cookie.Split(';')[0])
            .Single(cookie => cookie.StartsWith(ConsoleCsrf.CookieName + "=", StringComparison.Ordinal))[(ConsoleCsrf.CookieName.Length + 1)..];
        client.DefaultRequestHeaders.Remove(ConsoleCsrf.HeaderName);
        client.DefaultRequestHeaders.Add(ConsoleCsrf.HeaderName, token);
        return client;
    }
}
