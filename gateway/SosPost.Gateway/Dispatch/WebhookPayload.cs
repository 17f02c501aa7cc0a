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
    WebhookPayload.PostInfo? Post)
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
            post);
    }

    public sealed record PostInfo(string Name, string Address, string Station, double Latitude, double Longitude);
}
