using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// One attempt to take a still image from a camera over HTTP: basic or digest authentication (whichever the
/// camera asks for), a time limit from connect to last byte, a size cap, and only <c>image/jpeg</c> or
/// <c>image/png</c> whose bytes are what the header says. Never throws for anything the camera did.
/// </summary>
public sealed class SnapshotFetcher(IOptions<SnapshotOptions> options, TimeProvider time) : IDisposable
{
    // One client per login, so the handler answers each camera's challenge with the right credentials.
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public async Task<SnapshotFetch> FetchAsync(Uri camera, SnapshotCredential? credential, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = _clients.GetOrAdd(credential is null ? string.Empty : "login:" + (credential.Group ?? string.Empty), _ => NewClient(credential, settings));
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, camera);
            request.Headers.Accept.ParseAdd("image/jpeg, image/png");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return SnapshotFetch.Failed(SnapshotFailure.Unauthorized, $"HTTP {(int)response.StatusCode}: the camera refused the login{(credential is null ? " (none is configured for this post's group)" : string.Empty)}", transient: false);
            }

            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                return SnapshotFetch.Failed(SnapshotFailure.HttpStatus, $"HTTP {code} {response.ReasonPhrase}", transient: code >= 500 || code is 408 or 429);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
            if (mediaType is not (SnapshotMediaTypes.Jpeg or SnapshotMediaTypes.Png))
            {
                return SnapshotFetch.Failed(SnapshotFailure.NotImage, $"the camera answered '{mediaType ?? "no content type"}', not image/jpeg or image/png", transient: false);
            }

            if (response.Content.Headers.ContentLength > settings.MaxBytes)
            {
                return SnapshotFetch.Failed(SnapshotFailure.TooLarge, $"{response.Content.Headers.ContentLength} bytes, more than MaxBytes {settings.MaxBytes}", transient: false);
            }

            var bytes = await ReadCappedAsync(response.Content, settings.MaxBytes, linked.Token);
            if (bytes is null)
            {
                return SnapshotFetch.Failed(SnapshotFailure.TooLarge, $"more than MaxBytes {settings.MaxBytes} bytes", transient: false);
            }

            if (!SnapshotMediaTypes.Matches(mediaType, bytes))
            {
                return SnapshotFetch.Failed(SnapshotFailure.NotImage, $"the body is not a {mediaType} image", transient: false);
            }

            return SnapshotFetch.Succeeded(new SnapshotImage(bytes, mediaType, time.GetUtcNow()));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return SnapshotFetch.Failed(SnapshotFailure.Timeout, $"no image within {settings.Timeout}", transient: true);
        }
        catch (HttpRequestException ex)
        {
            return SnapshotFetch.Failed(SnapshotFailure.Unreachable, ex.Message, transient: true);
        }
        catch (IOException ex)
        {
            return SnapshotFetch.Failed(SnapshotFailure.Unreachable, ex.Message, transient: true);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static HttpClient NewClient(SnapshotCredential? credential, SnapshotOptions settings)
    {
        var handler = new SocketsHttpHandler
        {
            // The handler answers a Basic or Digest challenge (RFC 7617, RFC 7616) with these.
            Credentials = credential is null ? null : new NetworkCredential(credential.UserName, credential.Password),
            PreAuthenticate = false,
            // A redirect could carry the login to another host; a camera's still URL does not redirect.
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // the attempt's own limit applies
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>The picture, or why there is none and whether trying again may help.</summary>
public sealed record SnapshotFetch(SnapshotImage? Image, string? Failure, string? Reason, bool Transient)
{
    public static SnapshotFetch Succeeded(SnapshotImage image) => new(image, null, null, false);

    public static SnapshotFetch Failed(string failure, string reason, bool transient) => new(null, failure, reason, transient);
}

/// <summary>Why a picture could not be had: a fixed set, used as the metric label.</summary>
public static class SnapshotFailure
{
    public const string Unreachable = "unreachable";
    public const string Timeout = "timeout";
    public const string Unauthorized = "unauthorized";
    public const string HttpStatus = "http-status";
    public const string NotImage = "not-image";
    public const string TooLarge = "too-large";
    public const string QueueFull = "queue-full";
    public const string StoreFailed = "store-failed";

    public static readonly IReadOnlyList<string> All = [Unreachable, Timeout, Unauthorized, HttpStatus, NotImage, TooLarge, QueueFull, StoreFailed];
}

/// <summary>The picture formats taken, each checked by its signature as well as its header.</summary>
public static class SnapshotMediaTypes
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngStart = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="bytes"/> start as a file of <paramref name="mediaType"/> does (an error page sent as image/jpeg does not).</summary>
    public static bool Matches(string mediaType, ReadOnlySpan<byte> bytes) => mediaType switch
    {
        Jpeg => bytes.StartsWith(JpegStart),
        Png => bytes.StartsWith(PngStart),
        _ => false,
    };
}
