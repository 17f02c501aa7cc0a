using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// POSTs each alarm as JSON with an Idempotency-Key header. Any 2xx is delivered; anything else,
/// a network error or a timeout is retried later (the receiver drops repeats by the key).
/// </summary>
public sealed class WebhookSink(IHttpClientFactory httpClients, IOptions<WebhookOptions> options) : IDispatchSink
{
    public const string TargetName = "webhook";
    public const string HttpClientName = "SosPost.Webhook";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(options.Value.InitialBackoff, options.Value.MaxBackoff);

    public async Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.Url)
        {
            Content = JsonContent.Create(WebhookPayload.From(envelope), options: WebhookPayload.Json),
        };
        request.Headers.Add(IdempotencyKeyHeader, envelope.IdempotencyKey);
        var client = httpClients.CreateClient(HttpClientName);
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
            return DeliveryResult.RetryLater($"no answer within {options.Value.Timeout}");
        }
    }
}
