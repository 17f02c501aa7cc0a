namespace SosPost.Gateway.Dispatch;

/// <summary>
/// The JSON body of a webhook follow-up (<c>"event": "snapshot"</c>): the camera picture of an alarm that was
/// delivered before the picture was stored (docs/dispatch-integration.md). <see cref="AlarmIdempotencyKey"/>
/// is the key of that alarm's delivery.
/// </summary>
public sealed record WebhookSnapshotPayload(
    string Event,
    string IdempotencyKey,
    string AlarmIdempotencyKey,
    string PostId,
    long AlarmId,
    bool Test,
    string ReceivedAt,
    WebhookPayload.PictureInfo Picture)
{
    public const string EventName = "snapshot";

    public static WebhookSnapshotPayload From(DispatchEnvelope envelope)
    {
        var alarm = envelope.Alarm;
        return new WebhookSnapshotPayload(
            EventName,
            envelope.IdempotencyKey,
            OutboxKind.AlarmKeyOf(envelope.IdempotencyKey),
            alarm.PostId,
            alarm.AlarmId,
            alarm.Test,
            UtcTime.ToText(alarm.ReceivedAt),
            WebhookPayload.PictureInfo.From(envelope) ?? throw new ArgumentException("A snapshot follow-up needs the picture and its link.", nameof(envelope)));
    }
}
