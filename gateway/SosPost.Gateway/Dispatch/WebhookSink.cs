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
    private readonly Snapshots.SnapshotLinks _links;

    public WebhookSink(IHttpClientFactory httpClients, IOptions<WebhookOptions> options, Snapshots.SnapshotLinks links, TimeProvider time, ILogger<WebhookSink> logger)
    {
        _httpClients = httpClients;
        _options = options;
        _links = links;
        _time = time;
        if (string.IsNullOrEmpty(options.Value.Secret))
        {
            logger.LogWarning("Webhook deliveries are not signed: Gateway:Webhook:Secret is not set, so the receiver cannot tell them from forgeries");
        }
    }

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(_options.Value.InitialBackoff, _options.Value.MaxBackoff);

    public IReadOnlyCollection<string> Groups => _options.Value.Groups;

    /// <summary>A picture reaches the webhook as a signed link, so only when the gateway can make links.</summary>
    public bool CarriesSnapshots => _links.Enabled;

    public async Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (envelope.Kind == OutboxKind.Snapshot && envelope.SnapshotUrl is null)
        {
            return DeliveryResult.Rejected("no picture link to send: Gateway:Snapshot:PublicBaseUrl or LinkKey is not set (any more)");
        }

        var body = envelope.Kind == OutboxKind.Snapshot
            ? JsonSerializer.SerializeToUtf8Bytes(WebhookSnapshotPayload.From(envelope), WebhookPayload.Json)
            : JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(envelope), WebhookPayload.Json);
        using var request = HttpDelivery.NewPost(options.Url!, body, "application/json", envelope.IdempotencyKey);
        if (!string.IsNullOrEmpty(options.Secret))
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(options.Secret, _time.GetUtcNow().ToUnixTimeSeconds(), body));
        }

        return await HttpDelivery.SendAsync(_httpClients.CreateClient(HttpClientName), request, options.Timeout, cancellationToken);
    }
}
