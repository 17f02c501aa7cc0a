using System.Xml.Linq;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Dispatch;

/// <summary>The CAP 1.2 documents the cap target sends, each checked against the OASIS schema.</summary>
public sealed class CapAlertTests
{
    private static readonly XNamespace Cap = CapAlert.Cap;
    private static readonly CapOptions Options = new();

    [Fact]
    public void A_real_alarm_is_a_valid_actual_alert_with_the_post_area_and_the_same_identifier_on_every_attempt()
    {
        var first = CapAlert.Build(Envelope(TestAlarms.Market42(), attempts: 0), Options);
        var fourth = CapAlert.Build(Envelope(TestAlarms.Market42(), attempts: 3), Options);

        CapSchema.AssertValid(first);
        var alert = first.Root!;
        Assert.Equal("MHC-001.42.cap", alert.Element(Cap + "identifier")!.Value);
        Assert.Equal(alert.Element(Cap + "identifier")!.Value, fourth.Root!.Element(Cap + "identifier")!.Value);
        Assert.Equal("Actual", alert.Element(Cap + "status")!.Value);
        Assert.Equal("2026-11-22T03:15:42-00:00", alert.Element(Cap + "sent")!.Value);
        var area = alert.Element(Cap + "info")!.Element(Cap + "area")!;
        Assert.Equal("Mahachai Market north gate, Sukhonthawit Rd, Mahachai, Mueang Samut Sakhon, Samut Sakhon 74000", area.Element(Cap + "areaDesc")!.Value);
        Assert.Equal("13.54756,100.27351 0.05", area.Element(Cap + "circle")!.Value);
        Assert.Empty(alert.Descendants(Cap + "resource"));
    }

    [Fact]
    public void A_test_alarm_is_a_valid_alert_with_status_test_and_says_so_in_its_description()
    {
        var alarm = TestAlarms.Market42() with { Test = true, AlarmId = 43 };
        var document = CapAlert.Build(Envelope(alarm, attempts: 0), Options);

        CapSchema.AssertValid(document);
        Assert.Equal("Test", document.Root!.Element(Cap + "status")!.Value);
        Assert.StartsWith("TEST", document.Root.Element(Cap + "info")!.Element(Cap + "description")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_picture_adds_a_valid_resource_inline_and_by_link()
    {
        var picture = new Gateway.Snapshots.StoredSnapshot(981, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "image/png", TestAlarms.ReceivedAt.AddSeconds(3));
        var envelope = Envelope(TestAlarms.Market42(), attempts: 0) with { Snapshot = picture, SnapshotUrl = new Uri("https://gateway.example/snapshots/981?exp=1795403745&sig=ab") };
        var document = CapAlert.Build(envelope, Options);

        CapSchema.AssertValid(document);
        Assert.Equal("Alert", document.Root!.Element(Cap + "msgType")!.Value);
        var resource = Assert.Single(document.Root.Descendants(Cap + "resource"));
        Assert.Equal("Camera snapshot of the post at the press", resource.Element(Cap + "resourceDesc")!.Value);
        Assert.Equal("image/png", resource.Element(Cap + "mimeType")!.Value);
        Assert.Equal("11", resource.Element(Cap + "size")!.Value);
        Assert.Equal("https://gateway.example/snapshots/981?exp=1795403745&sig=ab", resource.Element(Cap + "uri")!.Value);
        Assert.Equal(picture.Bytes, Convert.FromBase64String(resource.Element(Cap + "derefUri")!.Value));

        // Without links the picture still goes, inline only.
        var inline = CapAlert.Build(envelope with { SnapshotUrl = null }, Options);
        CapSchema.AssertValid(inline);
        Assert.Null(Assert.Single(inline.Root!.Descendants(Cap + "resource")).Element(Cap + "uri"));
    }

    [Fact]
    public void A_picture_after_its_alert_is_a_valid_update_referencing_the_alert()
    {
        var picture = new Gateway.Snapshots.StoredSnapshot(981, [0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg", TestAlarms.ReceivedAt.AddSeconds(3));
        var envelope = Envelope(TestAlarms.Market42(), attempts: 0) with { IdempotencyKey = "MHC-001/42/cap/snapshot", Kind = OutboxKind.Snapshot, Snapshot = picture };
        var document = CapAlert.Build(envelope, Options);

        CapSchema.AssertValid(document);
        var alert = document.Root!;
        Assert.Equal("MHC-001.42.cap.snapshot", alert.Element(Cap + "identifier")!.Value);
        Assert.Equal("Update", alert.Element(Cap + "msgType")!.Value);
        Assert.Equal("2026-11-22T03:15:45-00:00", alert.Element(Cap + "sent")!.Value);
        Assert.Equal("sospost@gateway,MHC-001.42.cap,2026-11-22T03:15:42-00:00", alert.Element(Cap + "references")!.Value);
        Assert.Single(alert.Descendants(Cap + "resource"));
    }

    [Fact]
    public void An_alarm_of_a_post_gone_from_the_registry_with_an_unknown_press_time_is_still_a_valid_alert_without_an_area()
    {
        var alarm = TestAlarms.Market42(presses: 3) with { PressedAt = null };
        var document = CapAlert.Build(Envelope(alarm, attempts: 0) with { Post = null }, Options);

        CapSchema.AssertValid(document);
        Assert.Empty(document.Root!.Descendants(Cap + "area"));
        Assert.Equal("SOS at post MHC-001", document.Root.Element(Cap + "info")!.Element(Cap + "headline")!.Value);
    }

    [Fact]
    public void The_schema_check_refuses_a_document_that_breaks_cap()
    {
        var document = CapAlert.Build(Envelope(TestAlarms.Market42(), attempts: 0), Options);
        document.Root!.Element(Cap + "sent")!.Value = "2026-11-22T03:15:42Z"; // CAP forbids Z
        document.Root.Element(Cap + "status")!.Value = "Real";

        var problems = CapSchema.Problems(CapAlert.ToUtf8(document));

        Assert.Contains(problems, p => p.Contains("sent", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("status", StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_cap_example_is_valid_against_the_oasis_schema()
    {
        CapSchema.AssertValid(System.Text.Encoding.UTF8.GetBytes(DocExamples.Block("```xml example=cap").Trim()));
    }

    [Fact]
    public void Cap_options_refuse_a_sender_cap_forbids_and_a_radius_out_of_range()
    {
        var problems = new CapOptions { Url = "ftp://x", Sender = "sos post", RadiusKm = 0 }.Validate().ToList();

        Assert.Contains("Url 'ftp://x' must be an absolute http or https URL.", problems);
        Assert.Contains("Sender 'sos post' must be non-empty without spaces, commas, '<' or '&'.", problems);
        Assert.Contains("RadiusKm must be more than 0 and at most 100.", problems);
        Assert.Empty(new CapOptions { Url = "https://cap.example/alerts" }.Validate());
    }

    private static DispatchEnvelope Envelope(NewAlarm alarm, int attempts) => new(
        OutboxId: 7,
        Target: CapSink.TargetName,
        IdempotencyKey: $"{alarm.PostId}/{alarm.AlarmId}/cap",
        Attempts: attempts,
        Alarm: new AlarmRecord(1, alarm.PostId, alarm.AlarmId, alarm.Kind, alarm.Test, alarm.Presses, alarm.UptimeMs, alarm.PressedAt, alarm.PressedAtEstimated, alarm.Snapshot, alarm.ReceivedAt, Protocol.AlarmState.Received, null, null),
        Post: TestPosts.Market);
}
