using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// POSTs each alarm as JSON with an Idempotency-Key header. Any 2xx is delivered; anything else,
/// a network error or a timeout is retried later (the receiver drops repeats by the key). With a secret
/// configured, each delivery is signed (<see cref="WebhookSignature"/>).
/// </summary>
public sealed class WebhookSink : IDispatchSink
{
    public const string TargetName = "webhook";
    public const string HttpClientName = "SosPost.Webhook";
    public const string IdempotencyKeyHeader = HttpDelivery.IdempotencyKeyHeader;

    private readonly IHttpClientFactory _httpClients;
    private readonly IOptions<WebhookOptions> _options;
    private readonly TimeProvider _time;

    public WebhookSink(IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSink> logger)
    {
        _httpClients = httpClients;
        _options = options;
        _time = time;
        if (string.IsNullOrEmpty(options.Value.Secret))
        {
            logger.LogWarning("Webhook deliveries are not signed: Gateway:Webhook:Secret is not set, so the receiver cannot tell them from forgeries");
        }
    }

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(_options.Value.InitialBackoff, _options.Value.MaxBackoff);

    public async Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(envelope), WebhookPayload.Json);
        using var request = HttpDelivery.NewPost(options.Url!, body, "application/json", envelope.IdempotencyKey);
        if (!string.IsNullOrEmpty(options.Secret))
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(options.Secret, _time.GetUtcNow().ToUnixTimeSeconds(), body));
        }

        return await HttpDelivery.SendAsync(_httpClients.CreateClient(HttpClientName), request, options.Timeout, cancellationToken);
    }
}
