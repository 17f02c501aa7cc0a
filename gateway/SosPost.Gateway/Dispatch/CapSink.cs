using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// POSTs each alarm as an OASIS CAP 1.2 alert (<see cref="CapAlert"/>) with an Idempotency-Key header.
/// Any 2xx is delivered; anything else, a network error or a timeout is retried later. The one target
/// that receives test alarms too, as status Test.
/// </summary>
public sealed class CapSink(IHttpClientFactory httpClients, IOptions<CapOptions> options) : IDispatchSink
{
    public const string TargetName = "cap";
    public const string HttpClientName = "SosPost.Cap";

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(options.Value.InitialBackoff, options.Value.MaxBackoff);

    public bool AcceptsTestAlarms => true;

    public async Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = CapAlert.ToUtf8(CapAlert.Build(envelope, settings));
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CapAlert.ContentType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookSink.IdempotencyKeyHeader, envelope.IdempotencyKey);
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
            return DeliveryResult.RetryLater($"no answer within {settings.Timeout}");
        }
    }
}
