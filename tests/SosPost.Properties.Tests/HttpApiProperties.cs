using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Routing;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Properties.Tests;

/// <summary>
/// Bad API calls against the real in-process gateway: every route it maps (found at run time, so new ones are
/// covered), with junk route values, huge ids, bad query values, malformed bodies and wrong content types,
/// plus routes that do not exist. No answer is a 5xx and nothing logs an error.
/// </summary>
public sealed class HttpApiProperties
{
    // No %00: the in-process test host refuses a NUL in a path before the app sees it.
    private static readonly string[] RouteValues =
    [
        "0", "1", "-1", "42", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999", "1e5", "0x10", "abc", "null",
        "MHC-001", "mhc-001", "ZZZ-999", "%FF", "%E0%B8%81", "..", "%2F..%2F", "a%20b", new string('9', 400), new string('A', 3000),
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "}", "{}", "[]", "null", "1", "\"x\"", "{\"id\":\"x\"}", "{\"id\":99999999999999999999999}", "{\"limit\":-1}", "{\"state\":[]}",
        "{\"a\":1,\"a\":2}", "{\"postId\":123,\"name\":null}", "{'single':'quotes'}", "\u00ff\u00fe", new string('[', 5000), new string('[', 100) + new string(']', 100),
        "userName=x&password=y", "userName=%ZZ&password", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--",
    ];

    private static readonly string[] ContentTypes =
        ["application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", ""];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    [Fact]
    public async Task No_call_to_any_route_with_bad_values_bodies_or_methods_gets_a_server_error()
    {
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, GatewaySettings.PayloadsUnsigned);
        HttpClient[] clients = [app.NewClient(), await app.LoggedInClientAsync(), await LoggedInAsAnyOtherRoleAsync(app)];
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .Where(r => r.Pattern.RawText is not null)
            .ToArray();
        Assert.Contains(routes, r => r.Pattern.RawText!.Contains("alarms", StringComparison.Ordinal));

        var calls =
            (from route in Gen.Elements(routes)
             from method in Gen.Frequency((4, Gen.Elements(route.Methods.ToArray())), (1, Gen.Elements(Methods)))
             from values in Gen.ArrayOf(Gen.Elements(RouteValues), route.Pattern.Parameters.Count)
             from limit in Gen.Elements<string?>(null, "0", "-5", "10", "1001", "2147483648", "abc", "", "1.5")
             from body in Gen.Elements(Bodies)
             from contentType in Gen.Elements(ContentTypes)
             from client in Gen.Choose(0, clients.Length - 1)
             select new Call(method, Path(route.Pattern, values) + (limit is null ? "" : "?limit=" + limit), body, contentType, client)).Arb();
        PropertyRun.ForAll("api calls", calls, call => AssertNoServerError(app, clients[call.Client], call), cases: 500, TimeSpan.FromSeconds(12));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Unknown_routes_answer_not_found_or_ask_for_a_login_never_a_server_error()
    {
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, GatewaySettings.PayloadsUnsigned);
        HttpClient[] clients = [app.NewClient(), await app.LoggedInClientAsync()];
        var segment = Gen.Elements("api", "alarms", "posts", "x", "..", "%2e%2e", "%00", "login", "metrics", "health", "9999999999999999999999", "\u0e01", "a.json", "index.html");
        var calls =
            (from parts in Gen.NonEmptyListOf(segment)
             from method in Gen.Elements(Methods)
             from client in Gen.Choose(0, clients.Length - 1)
             select new Call(method, "/" + string.Join('/', parts.Take(5).Select(Uri.EscapeDataString)) + "/nope", "", "", client)).Arb();
        PropertyRun.ForAll("unknown routes", calls, call =>
        {
            var status = AssertNoServerError(app, clients[call.Client], call);
            Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.MethodNotAllowed or HttpStatusCode.OK,
                $"{call}: {(int)status}");
        }, cases: 300, TimeSpan.FromSeconds(6));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_login_form_sent_as_something_else_is_refused_without_a_server_error()
    {
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, GatewaySettings.PayloadsUnsigned);
        var client = app.NewClient();
        foreach (var contentType in ContentTypes)
        {
            foreach (var body in new[] { "{\"userName\":\"dispatcher\"}", "userName=%ZZ&password", "" })
            {
                AssertNoServerError(app, client, new Call("POST", "/login", body, contentType, 0));
            }
        }

        app.Logs.AssertNoErrors();
    }

    private static HttpStatusCode AssertNoServerError(GatewayApp app, HttpClient client, Call call)
    {
        var errors = app.Logs.Errors.Count;
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
        if (call.Method is not ("GET" or "HEAD") || call.Body.Length > 0)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(call.Body));
            if (call.ContentType.Length > 0)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType);
            }
        }

        // Headers only: a live event stream never ends, and its status is what counts.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token).GetAwaiter().GetResult();
        Assert.True((int)response.StatusCode < 500, $"{call}: {(int)response.StatusCode} {response.ReasonPhrase}");
        Assert.True(app.Logs.Errors.Count == errors, $"{call}: logged {LastError(app)}");
        return response.StatusCode;
    }

    private static async Task<HttpClient> LoggedInAsAnyOtherRoleAsync(GatewayApp app)
    {
        // The other roles exist where the console has roles; otherwise a second dispatcher session does.
        var admin = typeof(TestUsers).GetField("Admin")?.GetValue(null) as string;
        var client = app.NewClient();
        var response = await GatewayApp.LoginAsync(client, admin ?? TestUsers.Dispatcher, TestUsers.DispatcherPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static LogCollector.Entry? LastError(GatewayApp app) => app.Logs.Errors is { Count: > 0 } errors ? errors[^1] : null;

    private static string Path(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern, string[] values)
    {
        var path = new StringBuilder();
        var next = 0;
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => values[next++],
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    internal sealed record Call(string Method, string Path, string Body, string ContentType, int Client)
    {
        public override string ToString() => $"{Method} {(Path.Length > 200 ? Path[..200] + "..." : Path)} [{ContentType}] {(Body.Length > 80 ? Body[..80] + "..." : Body)} as client {Client}";
    }
}
