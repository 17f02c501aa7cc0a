using System.Text.Json;
using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Escalation;

/// <summary>
/// The "escalation" target: the webhook delivery (same body, Idempotency-Key, signature and answers) to
/// <c>Gateway:Escalation:Webhook</c>, with <c>event</c> <c>escalation</c> and the time it was escalated. The relay
/// only ever finds outbox rows for it that <see cref="EscalationService"/> wrote; it is no target of new alarms.
/// </summary>
public sealed class EscalationSink(IHttpClientFactory httpClients, WebhookOptions options, TimeProvider time) : IDispatchSink
{
    public const string TargetName = "escalation";
    public const string HttpClientName = "SosPost.Escalation";

    public string Target => TargetName;

    public bool EscalationOnly => true;

    public DispatchBackoff Backoff => new(options.InitialBackoff, options.MaxBackoff);

    public async Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToNode(WebhookPayload.From(envelope) with { Event = "escalation" }, WebhookPayload.Json)!.AsObject();
        payload["escalatedAt"] = UtcTime.ToText(envelope.Alarm.EscalatedAt);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, WebhookPayload.Json);
        using var request = HttpDelivery.NewPost(options.Url!, body, "application/json", envelope.IdempotencyKey);
        if (!string.IsNullOrEmpty(options.Secret))
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(options.Secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        }

        return await HttpDelivery.SendAsync(httpClients.CreateClient(HttpClientName), request, options.Timeout, cancellationToken);
    }
}
