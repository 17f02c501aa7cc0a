using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace SosPost.Gateway.Tests.Snapshots;

/// <summary>
/// A CCTV camera's still-image endpoint on 127.0.0.1 (free port), as the gateway meets real ones: behind HTTP
/// basic auth (RFC 7617) or digest auth (RFC 7616, MD5 with qop=auth, checked here in full), open, slow,
/// flaky, or answering with something that is not a picture.
/// </summary>
public sealed class CameraServer : IAsyncDisposable
{
    public const string UserName = "camera-viewer";
    public const string Password = "s3cret-camera-pass";
    public const string Realm = "SosPost test camera";

    /// <summary>Bytes with a JPEG's start and end markers: what the gateway checks (it never decodes the image).</summary>
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, .. Enumerable.Range(0, 500).Select(i => (byte)(i % 251)), 0xFF, 0xD9];

    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 100).Select(i => (byte)i)];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _nonces = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _slowInFlight;
    private int _slowAnswered;

    private CameraServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            _requests.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
            await next(context);
        });
        _app.MapGet("/open/still.jpg", () => Results.Bytes(Jpeg, "image/jpeg"));
        _app.MapGet("/open/still.png", () => Results.Bytes(Png, "image/png"));
        _app.MapGet("/basic/still.jpg", (HttpContext context) => BasicAuthorized(context.Request) ? Results.Bytes(Jpeg, "image/jpeg") : Challenge(context, "Basic realm=\"" + Realm + "\""));
        _app.MapGet("/digest/still.jpg", (HttpContext context) => DigestAuthorized(context.Request) ? Results.Bytes(Jpeg, "image/jpeg") : Challenge(context, NewDigestChallenge()));
        _app.MapGet("/slow/still.jpg", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _slowInFlight);
            try
            {
                await _releaseSlow.Task.WaitAsync(context.RequestAborted);
                Interlocked.Increment(ref _slowAnswered);
                return Results.Bytes(Jpeg, "image/jpeg");
            }
            finally
            {
                Interlocked.Decrement(ref _slowInFlight);
            }
        });
        _app.MapGet("/flaky/still.jpg", () => Requests("/flaky/still.jpg") == 1 ? Results.StatusCode(503) : Results.Bytes(Jpeg, "image/jpeg"));
        _app.MapGet("/html", () => Results.Content("<html><body>Login</body></html>", "text/html"));
        _app.MapGet("/liar.jpg", () => Results.Content("<html><body>Not a picture</body></html>", "image/jpeg"));
        _app.MapGet("/big.jpg", () => Results.Bytes([.. Jpeg, .. new byte[BigBytes]], "image/jpeg"));
        _app.MapGet("/big-chunked.jpg", async (HttpContext context) =>
        {
            // No Content-Length: the gateway must stop reading at its cap, not trust a header.
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(Jpeg);
            for (var i = 0; i < BigBytes / 4096; i++)
            {
                await context.Response.Body.WriteAsync(new byte[4096]);
                await context.Response.Body.FlushAsync();
            }
        });
    }

    /// <summary>Bytes beyond a JPEG that the oversize endpoints add: more than the tests' MaxBytes.</summary>
    public const int BigBytes = 64 * 1024;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests to /slow/still.jpg being held right now.</summary>
    public int SlowInFlight => Volatile.Read(ref _slowInFlight);

    /// <summary>Requests to /slow/still.jpg answered with the picture.</summary>
    public int SlowAnswered => Volatile.Read(ref _slowAnswered);

    public static async Task<CameraServer> StartAsync()
    {
        var camera = new CameraServer();
        await camera._app.StartAsync();
        camera.BaseUrl = new Uri(camera._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return camera;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Lets every held and future /slow/still.jpg request answer with the picture.</summary>
    public void ReleaseSlow() => _releaseSlow.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseSlow();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Challenge(HttpContext context, string challenge)
    {
        context.Response.Headers.WWWAuthenticate = challenge;
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    private static bool BasicAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        return decoded == UserName + ":" + Password;
    }

    private string NewDigestChallenge()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = true;
        return $"Digest realm=\"{Realm}\", qop=\"auth\", algorithm=MD5, nonce=\"{nonce}\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
    }

    /// <summary>RFC 7616 section 3.4.1 with qop=auth and MD5: response = H(H(A1):nonce:nc:cnonce:qop:H(A2)).</summary>
    private bool DigestAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Digest ", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = ParseDigestFields(header["Digest ".Length..]);
        string Field(string name) => fields.GetValueOrDefault(name) ?? string.Empty;
        var requestUri = request.Path.Value + request.QueryString.Value;
        if (Field("username") != UserName || Field("realm") != Realm || Field("uri") != requestUri
            || Field("qop") != "auth" || !_nonces.ContainsKey(Field("nonce"))
            || (fields.TryGetValue("algorithm", out var algorithm) && !string.Equals(algorithm, "MD5", StringComparison.OrdinalIgnoreCase))
            || Field("nc").Length == 0 || Field("cnonce").Length == 0)
        {
            return false;
        }

        var ha1 = Md5Hex($"{UserName}:{Realm}:{Password}");
        var ha2 = Md5Hex($"{request.Method}:{Field("uri")}");
        var expected = Md5Hex($"{ha1}:{Field("nonce")}:{Field("nc")}:{Field("cnonce")}:{Field("qop")}:{ha2}");
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Field("response").ToLowerInvariant()));
    }

    // MD5 because that is what RFC 7616 digest auth of cameras uses; this is the camera under test, not our security.
#pragma warning disable CA5351
    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    /// <summary>The comma-separated <c>name=value</c> / <c>name="quoted, value"</c> list of a Digest header.</summary>
    private static Dictionary<string, string> ParseDigestFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ','))
            {
                i++;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var name = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                value = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                value = text[i..end].Trim();
                i = end;
            }

            fields[name] = value;
        }

        return fields;
    }

    /// <summary>A loopback port with nothing listening: connecting to it is refused.</summary>
    public static Uri DeadCamera()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/still.jpg"));
    }
}
