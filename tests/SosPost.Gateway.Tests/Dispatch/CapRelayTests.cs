using System.Xml.Linq;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

/// <summary>The cap target end to end: store, relay, a real HTTP receiver.</summary>
public sealed class CapRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _cap = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cap = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _cap.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_alarm_from_the_store_reaches_the_cap_receiver_as_the_documented_valid_alert()
    {
        await using var host = await StartAsync(webhook: null);

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await DeliveryAsync(host, recorded.RowId, CapSink.TargetName))?.Status == OutboxStatus.Delivered, Deadline, "the CAP receiver answers 200", Ct);

        var request = Assert.Single(_cap.Requests);
        Assert.Equal("application/cap+xml; charset=utf-8", request.ContentType);
        Assert.Equal("MHC-001/42/cap", request.IdempotencyKey);
        var documented = XDocument.Parse(DocExamples.Block("```xml example=cap").Trim());
        var received = XDocument.Parse(request.Body);
        Assert.True(XNode.DeepEquals(documented.Root, received.Root), $"received {received}{Environment.NewLine}documented {documented}");
        host.Logs.AssertNoErrors();
        CapSchema.AssertValid(request.RawBody); // last: skips without ../shared/cap
    }

    [Fact]
    public async Task A_cap_receiver_answering_500_is_retried_with_the_same_alert()
    {
        _cap.Respond = n => n == 1 ? 500 : 200;
        await using var host = await StartAsync(webhook: null);

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await DeliveryAsync(host, recorded.RowId, CapSink.TargetName))?.Status == OutboxStatus.Delivered, Deadline, "the second attempt is answered 200", Ct);

        var requests = _cap.Requests;
        Assert.Equal([500, 200], requests.Select(r => r.AnsweredStatus));
        Assert.Single(requests.Select(r => r.Body).Distinct());
        Assert.Equal(2, (await DeliveryAsync(host, recorded.RowId, CapSink.TargetName))!.Attempts);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("HTTP 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_test_alarm_reaches_cap_as_status_test_and_never_the_webhook()
    {
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(webhook.Url);

        var test = await host.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, Test = true });
        var real = await host.RecordAsync(TestAlarms.Market42() with { AlarmId = 44 });
        await Eventually.WaitUntilAsync(() => Task.FromResult(_cap.Requests.Count == 2 && webhook.Requests.Count == 1), Deadline, "CAP gets both alarms, the webhook the real one", Ct);
        var passes = host.Relay.CompletedPasses;
        host.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => Task.FromResult(host.Relay.CompletedPasses >= passes + 2), Deadline, "the relay makes two more passes", Ct);

        Assert.Equal("MHC-001/44/webhook", Assert.Single(webhook.Requests).IdempotencyKey);
        var statuses = _cap.Requests.ToDictionary(r => r.IdempotencyKey, r => XDocument.Parse(r.Body).Root!.Element(CapAlert.Cap + "status")!.Value);
        Assert.Equal("Test", statuses["MHC-001/43/cap"]);
        Assert.Equal("Actual", statuses["MHC-001/44/cap"]);
        Assert.Null(await DeliveryAsync(host, test.RowId, WebhookSink.TargetName));
        Assert.NotNull(await DeliveryAsync(host, real.RowId, WebhookSink.TargetName));
        host.Logs.AssertNoErrors();

        // Last, and not inside Assert.All: without ../shared/cap the schema check skips the rest of the test.
        foreach (var request in _cap.Requests)
        {
            CapSchema.AssertValid(request.RawBody);
        }
    }

    private Task<RelayHost> StartAsync(Uri? webhook) => RelayHost.StartAsync(_directory, webhook ?? _cap.Url, new Dictionary<string, string?>
    {
        ["Gateway:Webhook:Url"] = webhook?.ToString() ?? string.Empty,
        ["Gateway:Cap:Url"] = _cap.Url.ToString(),
        ["Gateway:Cap:InitialBackoff"] = "00:00:00.200",
        ["Gateway:Cap:MaxBackoff"] = "00:00:01",
    });

    private static async Task<DeliveryStatus?> DeliveryAsync(RelayHost host, long alarmRowId, string target)
    {
        var alarms = await host.Services.GetRequiredService<IAlarmStore>().ListAsync(100, CancellationToken.None);
        return alarms.Single(a => a.Alarm.Id == alarmRowId).Deliveries.SingleOrDefault(d => d.Target == target);
    }
}
