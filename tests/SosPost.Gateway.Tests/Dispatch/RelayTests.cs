using System.Text.Json.Nodes;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

public sealed class RelayTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Relay_retries_a_failing_webhook_with_backoff_and_delivers_exactly_once()
    {
        _receiver.Respond = n => n <= 2 ? 500 : 200;
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url);

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(
            async () => (await host.DeliveryAsync(recorded.RowId)).Status == OutboxStatus.Delivered, Deadline, "the third attempt is answered 200", Ct);

        var requests = _receiver.Requests;
        Assert.Equal([500, 500, 200], requests.Select(r => r.AnsweredStatus));
        Assert.All(requests, r => Assert.Equal("MHC-001/42/webhook", r.IdempotencyKey));
        Assert.Single(requests.Select(r => r.Body).Distinct());

        // Initial backoff 200 ms, doubled after the second failure; jitter takes off at most 20 % (and times are stored to the ms).
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(155), $"first retry after {requests[1].At - requests[0].At}");
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromMilliseconds(315), $"second retry after {requests[2].At - requests[1].At}");

        var delivery = await host.DeliveryAsync(recorded.RowId);
        Assert.Equal((3, (string?)null), (delivery.Attempts, delivery.LastError));
        Assert.NotNull(delivery.DeliveredAt);

        // More passes over the outbox send nothing more.
        var passes = host.Relay.CompletedPasses;
        host.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => Task.FromResult(host.Relay.CompletedPasses >= passes + 2), Deadline, "the relay makes two more passes", Ct);
        Assert.Equal(3, _receiver.Requests.Count);
        host.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_failed_delivery_records_the_attempt_the_error_and_the_next_attempt_time()
    {
        _receiver.Respond = _ => 503;
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url, new Dictionary<string, string?>
        {
            ["Gateway:Webhook:InitialBackoff"] = "00:01:00",
            ["Gateway:Webhook:MaxBackoff"] = "00:10:00",
        });

        var before = DateTimeOffset.UtcNow;
        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await host.DeliveryAsync(recorded.RowId)).Attempts == 1, Deadline, "the first attempt fails", Ct);

        var delivery = await host.DeliveryAsync(recorded.RowId);
        Assert.Equal(OutboxStatus.Pending, delivery.Status);
        Assert.Equal("HTTP 503 Service Unavailable", delivery.LastError);
        Assert.InRange(delivery.NextAttemptAt, before.AddSeconds(47), DateTimeOffset.UtcNow.AddSeconds(73));
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Relay_resumes_pending_rows_after_a_restart()
    {
        _receiver.Respond = _ => 503;
        long rowId;
        await using (var first = await RelayHost.StartAsync(_directory, _receiver.Url))
        {
            rowId = (await first.RecordAsync(TestAlarms.Market42())).RowId;
            await Eventually.WaitUntilAsync(async () => (await first.DeliveryAsync(rowId)).Attempts >= 1, Deadline, "the first host tries once", Ct);
        }

        var triedBeforeRestart = _receiver.Requests.Count;
        _receiver.Respond = _ => 200;
        await using var second = await RelayHost.StartAsync(_directory, _receiver.Url);

        await Eventually.WaitUntilAsync(
            async () => (await second.DeliveryAsync(rowId)).Status == OutboxStatus.Delivered, Deadline, "the new host delivers the row it found pending", Ct);
        var requests = _receiver.Requests;
        Assert.Equal(triedBeforeRestart + 1, requests.Count);
        Assert.Equal(200, requests[^1].AnsweredStatus);
        Assert.Equal("MHC-001/42/webhook", requests[^1].IdempotencyKey);
        second.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task An_unreachable_or_slow_webhook_is_retried_until_it_answers()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        var released = new TaskCompletionSource();
        await using var host = await RelayHost.StartAsync(_directory, slow.Url, new Dictionary<string, string?>
        {
            ["Gateway:Webhook:Timeout"] = "00:00:00.300",
        });
        slow.Respond = n =>
        {
            if (n == 1)
            {
                released.Task.Wait(TimeSpan.FromSeconds(5)); // longer than the timeout
            }

            return 200;
        };

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await host.DeliveryAsync(recorded.RowId)).Status == OutboxStatus.Delivered, Deadline, "the second attempt is answered in time", Ct);
        released.SetResult();

        var delivery = await host.DeliveryAsync(recorded.RowId);
        Assert.Equal(2, delivery.Attempts);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("no answer within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_webhook_receives_the_documented_json_with_the_post_location()
    {
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url);

        await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(() => Task.FromResult(_receiver.Requests.Count == 1), Deadline, "the alarm is delivered", Ct);

        var request = _receiver.Requests[0];
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var documented = JsonNode.Parse(DocumentedExample());
        var received = JsonNode.Parse(request.Body);
        Assert.True(JsonNode.DeepEquals(documented, received), $"received {received}{Environment.NewLine}documented {documented}");
    }

    /// <summary>The block marked <c>json example=webhook</c> in docs/dispatch-integration.md.</summary>
    private static string DocumentedExample()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "dispatch-integration.md"));
        const string fence = "```json example=webhook";
        var start = doc.IndexOf(fence, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/dispatch-integration.md has no {fence} block");
        start += fence.Length;
        return doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
