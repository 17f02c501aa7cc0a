using System.Text.Json;

namespace SosPost.Gateway.Dispatch;

/// <summary>The JSON body of a webhook delivery (docs/dispatch-integration.md).</summary>
public sealed record WebhookPayload(
    string Event,
    string IdempotencyKey,
    string PostId,
    long AlarmId,
    string Kind,
    bool Test,
    int Presses,
    string? PressedAt,
    string? PressedAtEstimated,
    string ReceivedAt,
    bool Snapshot,
    WebhookPayload.PostInfo? Post,
    WebhookPayload.PictureInfo? Picture)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookPayload From(DispatchEnvelope envelope)
    {
        var alarm = envelope.Alarm;
        var post = envelope.Post is { } p ? new PostInfo(p.Name, p.Address, p.Station, p.Latitude, p.Longitude) : null;
        return new WebhookPayload(
            "alarm",
            envelope.IdempotencyKey,
            alarm.PostId,
            alarm.AlarmId,
            alarm.Kind,
            alarm.Test,
            alarm.Presses,
            UtcTime.ToText(alarm.PressedAt),
            UtcTime.ToText(alarm.PressedAtEstimated),
            UtcTime.ToText(alarm.ReceivedAt),
            alarm.Snapshot,
            post,
            PictureInfo.From(envelope));
    }

    public sealed record PostInfo(string Name, string Address, string Station, double Latitude, double Longitude);

    /// <summary>
    /// The camera picture of the alarm: a signed link that works without a login until it expires (its
    /// <c>exp</c>), the image's media type and size, and when the gateway took it from the camera.
    /// </summary>
    public sealed record PictureInfo(string Url, string ContentType, int Size, string TakenAt)
    {
        /// <summary>Null unless the envelope has both the picture and a link to it.</summary>
        public static PictureInfo? From(DispatchEnvelope envelope) =>
            envelope is { Snapshot: { } snapshot, SnapshotUrl: { } url }
                ? new PictureInfo(url.AbsoluteUri, snapshot.ContentType, snapshot.Size, UtcTime.ToText(snapshot.TakenAt))
                : null;
    }
}
