using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// POSTs each alarm as an OASIS CAP 1.2 alert (<see cref="CapAlert"/>) with an Idempotency-Key header.
/// Any 2xx is delivered; anything else, a network error or a timeout is retried later. The one target
/// that receives test alarms too, as status Test. Carries the alarm's camera picture inline (and by signed link
/// when configured); a picture stored after the alarm was delivered follows as an Update referencing the alert.
/// </summary>
public sealed class CapSink(IHttpClientFactory httpClients, IOptions<CapOptions> options) : IDispatchSink
{
    public const string TargetName = "cap";
    public const string HttpClientName = "SosPost.Cap";

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(options.Value.InitialBackoff, options.Value.MaxBackoff);

    public bool AcceptsTestAlarms => true;

    public IReadOnlyCollection<string> Groups => options.Value.Groups;

    public bool CarriesSnapshots => true;

    public async Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = CapAlert.ToUtf8(CapAlert.Build(envelope, settings));
        using var request = HttpDelivery.NewPost(settings.Url!, body, CapAlert.ContentType, envelope.IdempotencyKey);
        return await HttpDelivery.SendAsync(httpClients.CreateClient(HttpClientName), request, settings.Timeout, cancellationToken);
    }
}
