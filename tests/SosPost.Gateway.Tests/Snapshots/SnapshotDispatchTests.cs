using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Snapshots;

/// <summary>
/// The camera picture of an alarm end to end below intake: store, relay, picture worker, a real camera, a real
/// webhook and a real CAP receiver. The alarm never waits for the camera; the picture goes with the alarm
/// when it is there in time, and follows it when it is not.
/// </summary>
public sealed class SnapshotDispatchTests : IAsyncLifetime
{
    private const string LinkKey = "test-link-key-0123456789abcdef-0123456789";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private CameraServer _camera = null!;
    private WebhookReceiver _webhook = null!;
    private WebhookReceiver _cap = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _camera = await CameraServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
        _cap = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _cap.DisposeAsync();
        await _camera.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_slow_camera_does_not_delay_the_alarm_and_its_picture_follows_it_to_each_target()
    {
        await using var host = await StartAsync(_camera.Url("/slow/still.jpg"), new() { ["Gateway:Snapshot:Timeout"] = "00:00:30" });

        var recorded = await host.RecordAsync(TestAlarms.Market42());

        // Both targets have the alarm while the camera has not answered the gateway's request (it holds it until released).
        await Eventually.WaitUntilAsync(() => _webhook.Requests.Count == 1 && _cap.Requests.Count == 1, Deadline, "both targets get the alarm", Ct);
        await Eventually.WaitUntilAsync(() => _camera.SlowInFlight == 1, Deadline, "the gateway is asking the camera", Ct);
        Assert.Equal(0, _camera.SlowAnswered);
        using (var alarm = JsonDocument.Parse(_webhook.Requests[0].Body))
        {
            Assert.Equal("alarm", alarm.RootElement.GetProperty("event").GetString());
            Assert.Equal(JsonValueKind.Null, alarm.RootElement.GetProperty("picture").ValueKind);
        }

        Assert.Null(Info(_cap.Requests[0]).Element(CapAlert.Cap + "resource"));

        _camera.ReleaseSlow();
        await Eventually.WaitUntilAsync(() => _webhook.Requests.Count == 2 && _cap.Requests.Count == 2, Deadline, "the picture follows to both targets", Ct);
        await QuietAsync(host);

        // Webhook: a second signed POST of its own, saying which alarm it is the picture of.
        Assert.Equal(2, _webhook.Requests.Count);
        var followUp = _webhook.Requests[1];
        Assert.Equal("MHC-001/42/webhook/snapshot", followUp.IdempotencyKey);
        using (var body = JsonDocument.Parse(followUp.Body))
        {
            var root = body.RootElement;
            Assert.Equal("snapshot", root.GetProperty("event").GetString());
            Assert.Equal("MHC-001/42/webhook/snapshot", root.GetProperty("idempotencyKey").GetString());
            Assert.Equal("MHC-001/42/webhook", root.GetProperty("alarmIdempotencyKey").GetString());
            Assert.Equal(("MHC-001", 42L), (root.GetProperty("postId").GetString(), root.GetProperty("alarmId").GetInt64()));
            AssertPictureLink(host, recorded.RowId, root.GetProperty("picture"));
        }

        // CAP: an Update that references the first alert and carries the picture inline and by link.
        Assert.Equal("MHC-001/42/cap/snapshot", _cap.Requests[1].IdempotencyKey);
        CapSchema.AssertValid(_cap.Requests[1].RawBody);
        var update = XDocument.Parse(_cap.Requests[1].Body).Root!;
        Assert.Equal("Update", update.Element(CapAlert.Cap + "msgType")!.Value);
        Assert.Equal("MHC-001.42.cap.snapshot", update.Element(CapAlert.Cap + "identifier")!.Value);
        Assert.Equal("sospost@gateway,MHC-001.42.cap,2026-11-22T03:15:42-00:00", update.Element(CapAlert.Cap + "references")!.Value);
        var resource = Info(_cap.Requests[1]).Element(CapAlert.Cap + "resource")!;
        Assert.Equal(CameraServer.Jpeg, Convert.FromBase64String(resource.Element(CapAlert.Cap + "derefUri")!.Value));
        Assert.Equal("image/jpeg", resource.Element(CapAlert.Cap + "mimeType")!.Value);
        Assert.Equal(CameraServer.Jpeg.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), resource.Element(CapAlert.Cap + "size")!.Value);
        Assert.StartsWith("https://sospost.test/snapshots/", resource.Element(CapAlert.Cap + "uri")!.Value, StringComparison.Ordinal);

        // Each follow-up was delivered after its alarm, once.
        var deliveries = await DeliveriesAsync(host, recorded.RowId);
        foreach (var target in new[] { WebhookSink.TargetName, CapSink.TargetName })
        {
            var alarmDelivery = deliveries.Single(d => d.Target == target && d.Kind == OutboxKind.Alarm);
            var pictureDelivery = deliveries.Single(d => d.Target == target && d.Kind == OutboxKind.Snapshot);
            Assert.Equal((OutboxStatus.Delivered, OutboxStatus.Delivered), (alarmDelivery.Status, pictureDelivery.Status));
            Assert.True(pictureDelivery.DeliveredAt >= alarmDelivery.DeliveredAt);
        }

        host.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_picture_stored_before_the_alarm_is_delivered_goes_with_the_alarm_and_nothing_follows()
    {
        var pictureStored = false;
        _webhook.Respond = _ => Volatile.Read(ref pictureStored) ? 200 : 503;
        _cap.Respond = _ => Volatile.Read(ref pictureStored) ? 200 : 503;

        // The default login is wrong; the group's own is right, and is the one used for this post.
        await using var host = await StartAsync(_camera.Url("/digest/still.jpg"), new()
        {
            ["Gateway:Snapshot:Credentials:0:UserName"] = CameraServer.UserName,
            ["Gateway:Snapshot:Credentials:0:Password"] = "not-the-password",
            ["Gateway:Snapshot:Credentials:1:Group"] = TestPosts.Market.Group,
            ["Gateway:Snapshot:Credentials:1:UserName"] = CameraServer.UserName,
            ["Gateway:Snapshot:Credentials:1:Password"] = CameraServer.Password,
        });

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await StatusAsync(host, recorded.RowId))?.Stored == true, Deadline, "the picture is stored", Ct);
        Volatile.Write(ref pictureStored, true);
        await Eventually.WaitUntilAsync(
            async () => (await DeliveriesAsync(host, recorded.RowId)).All(d => d.Status == OutboxStatus.Delivered), Deadline, "both targets take the alarm", Ct);
        await QuietAsync(host);

        var delivered = Assert.Single(_webhook.Requests, r => r.AnsweredStatus == 200);
        Assert.Equal("MHC-001/42/webhook", delivered.IdempotencyKey);
        using (var body = JsonDocument.Parse(delivered.Body))
        {
            Assert.Equal("alarm", body.RootElement.GetProperty("event").GetString());
            AssertPictureLink(host, recorded.RowId, body.RootElement.GetProperty("picture"));
        }

        var alert = Assert.Single(_cap.Requests, r => r.AnsweredStatus == 200);
        CapSchema.AssertValid(alert.RawBody);
        Assert.Equal("Alert", XDocument.Parse(alert.Body).Root!.Element(CapAlert.Cap + "msgType")!.Value);
        Assert.Equal(CameraServer.Jpeg, Convert.FromBase64String(Info(alert).Element(CapAlert.Cap + "resource")!.Element(CapAlert.Cap + "derefUri")!.Value));

        Assert.All(await DeliveriesAsync(host, recorded.RowId), d => Assert.Equal(OutboxKind.Alarm, d.Kind));
        Assert.DoesNotContain(_webhook.Requests.Concat(_cap.Requests), r => r.IdempotencyKey.EndsWith("/snapshot", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(CameraServer.Password, StringComparison.Ordinal) || e.Message.Contains("not-the-password", StringComparison.Ordinal));
        host.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_dead_camera_costs_the_alarm_only_its_picture_after_a_bounded_number_of_attempts()
    {
        using var failures = new FailureCounter();
        await using var host = await StartAsync(CameraServer.DeadCamera(), new()
        {
            ["Gateway:Snapshot:MaxAttempts"] = "3",
            ["Gateway:Snapshot:RetryDelay"] = "00:00:00.050",
        });
        failures.Listen(host.Services);

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await StatusAsync(host, recorded.RowId)) is { Stored: false }, Deadline, "the failure is recorded", Ct);
        await Eventually.WaitUntilAsync(() => _webhook.Requests.Count == 1 && _cap.Requests.Count == 1, Deadline, "the alarm is delivered", Ct);
        await QuietAsync(host);

        var status = (await StatusAsync(host, recorded.RowId))!;
        Assert.Equal(3, status.Attempts);
        Assert.StartsWith("unreachable: ", status.Error, StringComparison.Ordinal);
        Assert.Equal(1, failures.Count(SnapshotFailure.Unreachable));
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith($"No camera picture for alarm {recorded.RowId} of post MHC-001 after 3 attempts: unreachable", StringComparison.Ordinal));
        Assert.All(await DeliveriesAsync(host, recorded.RowId), d => Assert.Equal((OutboxKind.Alarm, OutboxStatus.Delivered), (d.Kind, d.Status)));
        host.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_wrong_camera_password_is_recorded_at_once_without_retrying()
    {
        using var failures = new FailureCounter();
        await using var host = await StartAsync(_camera.Url("/basic/still.jpg"), new()
        {
            ["Gateway:Snapshot:Credentials:0:UserName"] = CameraServer.UserName,
            ["Gateway:Snapshot:Credentials:0:Password"] = "not-the-password",
        });
        failures.Listen(host.Services);

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await StatusAsync(host, recorded.RowId)) is { Stored: false }, Deadline, "the failure is recorded", Ct);

        var status = (await StatusAsync(host, recorded.RowId))!;
        Assert.Equal(1, status.Attempts);
        Assert.StartsWith("unauthorized: HTTP 401", status.Error, StringComparison.Ordinal);
        Assert.Equal(1, failures.Count(SnapshotFailure.Unauthorized));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("not-the-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_camera_error_that_may_pass_is_tried_again()
    {
        await using var host = await StartAsync(_camera.Url("/flaky/still.jpg"), new() { ["Gateway:Snapshot:RetryDelay"] = "00:00:00.050" });

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await StatusAsync(host, recorded.RowId))?.Stored == true, Deadline, "the second attempt stores the picture", Ct);

        Assert.Equal((2, 2), ((await StatusAsync(host, recorded.RowId))!.Attempts, _camera.Requests("/flaky/still.jpg")));
    }

    [Fact]
    public async Task A_post_without_a_camera_gets_no_fetch_and_its_alarm_goes_as_always()
    {
        await using var host = await StartAsync(camera: null);

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(() => _webhook.Requests.Count == 1 && _cap.Requests.Count == 1, Deadline, "the alarm is delivered", Ct);
        await QuietAsync(host);

        Assert.Null(await StatusAsync(host, recorded.RowId));
        Assert.Equal(0, host.Services.GetRequiredService<SnapshotWorker>().Completed);
    }

    private Task<RelayHost> StartAsync(Uri? camera, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? [])
        {
            ["Gateway:Registry:SeedFile"] = TestPosts.WriteFile(_directory, "camera-posts.json", TestPosts.Market with { Camera = camera }, TestPosts.Skywalk),
            ["Gateway:Cap:Url"] = _cap.Url.ToString(),
            ["Gateway:Cap:InitialBackoff"] = "00:00:00.100",
            ["Gateway:Cap:MaxBackoff"] = "00:00:00.300",
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.100",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.300",
            ["Gateway:Snapshot:PublicBaseUrl"] = "https://sospost.test",
            ["Gateway:Snapshot:LinkKey"] = LinkKey,
        };
        values.TryAdd("Gateway:Snapshot:Timeout", "00:00:05");
        return RelayHost.StartAsync(_directory, _webhook.Url, values);
    }

    private static XElement Info(WebhookReceiver.Request request) => XDocument.Parse(request.Body).Root!.Element(CapAlert.Cap + "info")!;

    /// <summary>The webhook's picture: a signed link to this alarm's picture that the gateway accepts, and its facts.</summary>
    private static void AssertPictureLink(RelayHost host, long alarmRowId, JsonElement picture)
    {
        var url = new Uri(picture.GetProperty("url").GetString()!);
        Assert.Equal($"https://sospost.test/snapshots/{alarmRowId}", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.True(host.Services.GetRequiredService<SnapshotLinks>().IsValid(alarmRowId, query["exp"], query["sig"]), "the link's signature is accepted");
        Assert.False(host.Services.GetRequiredService<SnapshotLinks>().IsValid(alarmRowId + 1, query["exp"], query["sig"]), "the link opens no other alarm's picture");
        Assert.Equal("image/jpeg", picture.GetProperty("contentType").GetString());
        Assert.Equal(CameraServer.Jpeg.Length, picture.GetProperty("size").GetInt32());
        Assert.NotNull(picture.GetProperty("takenAt").GetString());
    }

    private static Task<SnapshotStatus?> StatusAsync(RelayHost host, long alarmRowId) =>
        host.Services.GetRequiredService<ISnapshotStore>().GetStatusAsync(alarmRowId, CancellationToken.None);

    private static async Task<IReadOnlyList<DeliveryStatus>> DeliveriesAsync(RelayHost host, long alarmRowId)
    {
        var alarms = await host.Services.GetRequiredService<IAlarmStore>().ListAsync(100, CancellationToken.None);
        return alarms.Single(a => a.Alarm.Id == alarmRowId).Deliveries;
    }

    /// <summary>Two more relay passes, so a delivery that should not happen would have.</summary>
    private static async Task QuietAsync(RelayHost host)
    {
        var passes = host.Relay.CompletedPasses;
        host.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => host.Relay.CompletedPasses >= passes + 2, Deadline, "the relay makes two more passes", Ct);
    }

    /// <summary><c>sospost.snapshots.failures</c> of one host, by reason.</summary>
    private sealed class FailureCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

        public void Listen(IServiceProvider services)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "sospost.snapshots.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                lock (_counts)
                {
                    var reason = (string)tags.ToArray().Single(t => t.Key == "reason").Value!;
                    _counts[reason] = _counts.GetValueOrDefault(reason) + value;
                }
            });
            _listener.Start();
        }

        public long Count(string reason)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
