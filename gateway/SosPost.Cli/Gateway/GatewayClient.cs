using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SosPost.Cli.Posts;

namespace SosPost.Cli.Gateway;

/// <summary>
/// The gateway's HTTP API as the technician's user: logs in with the console's cookie login, then calls
/// /api/*. Every failure becomes a <see cref="CliException"/> with a one-line message.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The console's CSRF token: a cookie set at login, sent back in a header on every POST and PUT (docs/security.md).</summary>
    private const string CsrfCookie = "sospost.csrf";
    private const string CsrfHeader = "X-CSRF-Token";

    private readonly HttpClient _http;
    private readonly CookieContainer _cookies;

    private GatewayClient(HttpClient http, CookieContainer cookies)
    {
        _http = http;
        _cookies = cookies;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Logs in as <paramref name="user"/>; the password comes from the caller (env SOSPOST_PASSWORD), never from the command line.</summary>
    public static async Task<GatewayClient> LoginAsync(string url, string user, string password, CancellationToken ct)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--gateway: \"{url}\" is not an http:// or https:// address");
        }

        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true };
        var client = new GatewayClient(new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) }, cookies);
        try
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = user, ["password"] = password, ["returnUrl"] = "/" });
            using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "login") { Content = form }, ct);
            var location = response.Headers.Location?.OriginalString ?? string.Empty;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta is { } delta ? $" (try again in {((int)Math.Ceiling(delta.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)} s)" : string.Empty;
                throw new CliException(ExitCodes.Denied, $"the gateway at {baseAddress} refuses logins of \"{user}\" for now after too many failed ones{wait}");
            }

            if (response.StatusCode != HttpStatusCode.Redirect || location.Contains("error", StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Denied, $"the gateway at {baseAddress} refused the login of \"{user}\" (check --user and SOSPOST_PASSWORD)");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>GET /api/posts: the registry with each post's health and latest self-test.</summary>
    public async Task<IReadOnlyList<PostView>> PostsAsync(CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/posts"), ct);
        await EnsureAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<List<PostView>>(Json, ct) ?? [];
    }

    /// <summary>PUT /api/posts: upserts the posts (the registry file format); the gateway validates them all or stores none.</summary>
    public async Task<int> PutPostsAsync(IReadOnlyList<PostRecord> posts, CancellationToken ct)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, "api/posts") { Content = new StringContent(RegistryFile.Write(posts), System.Text.Encoding.UTF8, "application/json") },
            ct);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<PutProblem>(Json, ct);
            throw new CliException(ExitCodes.InvalidInput, "the gateway refused the posts: " + string.Join("; ", problem?.Errors ?? ["(no details)"]));
        }

        await EnsureAsync(response, ct);
        var answer = await response.Content.ReadFromJsonAsync<PutAnswer>(Json, ct);
        return answer?.Count ?? posts.Count;
    }

    /// <summary>POST /api/posts/{id}/selftest: the id the post's report will carry.</summary>
    public async Task<string> StartSelfTestAsync(string postId, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/posts/{Uri.EscapeDataString(postId)}/selftest"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CliException(ExitCodes.UnknownPost, $"the gateway does not know post {postId} (import it first: sospost posts import)");
        }

        await EnsureAsync(response, ct);
        var started = await response.Content.ReadFromJsonAsync<SelfTestStarted>(Json, ct);
        return started?.Id ?? throw new CliException(ExitCodes.Unreachable, "the gateway answered the self-test request without a test id");
    }

    /// <summary>
    /// GET of a report (<paramref name="path"/> with its query): the body as text. A 400 is a parameter the
    /// gateway refused; its message names it.
    /// </summary>
    public async Task<string> GetReportAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ct);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<ReportProblem>(Json, ct);
            throw new CliException(ExitCodes.Usage, "the gateway refused the request: " + (problem?.Error ?? "(no details)"));
        }

        await EnsureAsync(response, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var message = request();
        if (message.Method != HttpMethod.Get && message.RequestUri?.OriginalString != "login"
            && _cookies.GetCookies(_http.BaseAddress!)[CsrfCookie] is { } csrf)
        {
            message.Headers.Add(CsrfHeader, csrf.Value);
        }

        try
        {
            return await _http.SendAsync(message, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or IOException || e.HttpRequestError != HttpRequestError.Unknown)
        {
            throw new CliException(ExitCodes.Unreachable, $"the gateway at {_http.BaseAddress} does not answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"the gateway at {_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CliException(ExitCodes.Denied, $"the gateway refused {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} ({(int)response.StatusCode}): importing posts needs an admin user, self-tests a technician or admin");
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        throw new CliException(ExitCodes.Unreachable, $"the gateway answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {Shorten(body)}");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private sealed record SelfTestStarted(string PostId, string Id);

    private sealed record PutAnswer(int Count);

    private sealed record PutProblem(IReadOnlyList<string> Errors);

    private sealed record ReportProblem(string? Error);
}

/// <summary>The parts of the gateway's <c>GET /api/posts</c> entries the CLI shows.</summary>
internal sealed record PostView(
    string Id,
    string Name,
    double Latitude,
    double Longitude,
    string Address,
    string Station,
    bool Online,
    string? Firmware,
    DateTimeOffset? LastSeen,
    string? ConfigHash,
    IReadOnlyList<TroubleView>? OpenTroubles,
    SelfTestView? LatestSelfTest)
{
    public string? Group { get; init; }

    public string? Camera { get; init; }
}

internal sealed record TroubleView(string Type, long EventId, DateTimeOffset? At, DateTimeOffset ReceivedAt);

internal sealed record SelfTestView(
    string Id,
    string Trigger,
    bool Ok,
    string Lamp,
    string Camera,
    string Link,
    string Storage,
    long? LinkRttMs,
    DateTimeOffset? At,
    DateTimeOffset ReceivedAt);
