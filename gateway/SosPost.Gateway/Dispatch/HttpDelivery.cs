using System.Net.Http.Headers;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// The HTTP POST every HTTP target shares: the body with its media type and the Idempotency-Key header,
/// and one rule for the answer: any 2xx is delivered; any other status, a network error or a timeout is
/// retried later (the receiver drops repeats by the key).
/// </summary>
public static class HttpDelivery
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static HttpRequestMessage NewPost(string url, byte[] body, string mediaType, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        return request;
    }

    public static async Task<DeliveryResult> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? DeliveryResult.Delivered
                : DeliveryResult.RetryLater($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.RetryLater(ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.RetryLater($"no answer within {timeout}");
        }
    }
}
