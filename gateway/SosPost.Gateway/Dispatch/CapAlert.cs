using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// An alarm as an OASIS CAP 1.2 alert (docs/dispatch-integration.md, CAP). The choices of category,
/// severity and scope are documented there; the document is checked against the OASIS schema in the tests.
/// </summary>
public static class CapAlert
{
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    public const string ContentType = "application/cap+xml";

    /// <summary>
    /// The CAP identifier: the delivery's idempotency key with '/' as '.', so the same for every attempt.
    /// Keys hold only A-Z, a-z, 0-9, '-' and '/', so it never has the spaces, commas, '&lt;' or '&amp;' CAP forbids.
    /// </summary>
    public static string Identifier(string idempotencyKey) => idempotencyKey.Replace('/', '.');

    /// <summary>CAP times: seconds, and an offset in place of Z; UTC is written "-00:00" as CAP 1.2 asks.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "-00:00";

    public static XDocument Build(DispatchEnvelope envelope, CapOptions options)
    {
        var alarm = envelope.Alarm;
        var post = envelope.Post;
        var info = new XElement(
            Cap + "info",
            new XElement(Cap + "language", "en-US"),
            new XElement(Cap + "category", "Safety"),
            new XElement(Cap + "event", "SOS panic button"),
            new XElement(Cap + "urgency", "Immediate"),
            new XElement(Cap + "severity", "Severe"),
            new XElement(Cap + "certainty", "Observed"),
            new XElement(Cap + "senderName", options.SenderName),
            new XElement(Cap + "headline", $"SOS at {post?.Name ?? "post " + alarm.PostId}"),
            new XElement(Cap + "description", Description(envelope)),
            Parameter("postId", alarm.PostId),
            Parameter("alarmId", alarm.AlarmId.ToString(CultureInfo.InvariantCulture)));
        if (envelope.Snapshot is { } picture)
        {
            info.Add(Resource(picture, envelope.SnapshotUrl));
        }

        if (post is not null)
        {
            info.Add(new XElement(
                Cap + "area",
                new XElement(Cap + "areaDesc", $"{post.Name}, {post.Address}"),
                new XElement(Cap + "circle", string.Create(CultureInfo.InvariantCulture, $"{post.Latitude},{post.Longitude} {options.RadiusKm}"))));
        }

        var alert = new XElement(
            Cap + "alert",
            new XElement(Cap + "identifier", Identifier(envelope.IdempotencyKey)),
            new XElement(Cap + "sender", options.Sender),
            new XElement(Cap + "sent", Time(alarm.ReceivedAt)),
            new XElement(Cap + "status", alarm.Test ? "Test" : "Actual"),
            new XElement(Cap + "msgType", "Alert"),
            new XElement(Cap + "scope", "Restricted"),
            new XElement(Cap + "restriction", options.Restriction));
        if (envelope.Kind == OutboxKind.Snapshot)
        {
            // The picture arrived after the alert: an Update that repeats the alert's info with the picture,
            // and references the first alert by its sender, identifier and sent time (all fixed per alarm).
            alert.Element(Cap + "sent")!.Value = Time(envelope.Snapshot?.TakenAt ?? alarm.ReceivedAt);
            alert.Element(Cap + "msgType")!.Value = "Update";
            alert.Add(
                new XElement(Cap + "note", "Camera picture of the alarm, taken after the alert was sent."),
                new XElement(Cap + "references", $"{options.Sender},{Identifier(OutboxKind.AlarmKeyOf(envelope.IdempotencyKey))},{Time(alarm.ReceivedAt)}"));
        }

        alert.Add(info);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), alert);
    }

    /// <summary>
    /// The picture as a CAP resource: inline (<c>derefUri</c>, base64), so the receiver has it even where it
    /// cannot reach the gateway, and by <c>uri</c> when the gateway can make signed links. <c>size</c> is in bytes.
    /// </summary>
    private static XElement Resource(Snapshots.StoredSnapshot picture, Uri? link)
    {
        var resource = new XElement(
            Cap + "resource",
            new XElement(Cap + "resourceDesc", "Camera snapshot of the post at the press"),
            new XElement(Cap + "mimeType", picture.ContentType),
            new XElement(Cap + "size", picture.Size.ToString(CultureInfo.InvariantCulture)));
        if (link is not null)
        {
            resource.Add(new XElement(Cap + "uri", link.AbsoluteUri));
        }

        resource.Add(new XElement(Cap + "derefUri", Convert.ToBase64String(picture.Bytes)));
        return resource;
    }

    /// <summary>The document as sent: UTF-8 without a byte order mark, indented.</summary>
    public static byte[] ToUtf8(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static XElement Parameter(string name, string value) =>
        new(Cap + "parameter", new XElement(Cap + "valueName", name), new XElement(Cap + "value", value));

    private static string Description(DispatchEnvelope envelope)
    {
        var alarm = envelope.Alarm;
        var pressed = alarm.PressedAt is { } at ? $"Pressed at {UtcTime.ToText(at)} by the post's clock"
            : alarm.PressedAtEstimated is { } estimated ? $"Pressed at about {UtcTime.ToText(estimated)} (estimated by the gateway)"
            : "Press time unknown";
        var presses = alarm.Presses == 1 ? "1 press" : $"{alarm.Presses} presses";
        var station = envelope.Post is { } post ? $"; responsible station: {post.Station}" : "; the post is no longer in the registry";
        var test = alarm.Test ? "TEST from a technician's self-test, do not dispatch. " : string.Empty;
        return $"{test}{pressed}; {presses}; received by the gateway at {UtcTime.ToText(alarm.ReceivedAt)}{station}.";
    }
}
