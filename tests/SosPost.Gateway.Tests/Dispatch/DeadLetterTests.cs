using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

public sealed class DeadLetterTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_webhook_that_always_fails_dead_letters_the_row_after_MaxAttempts_and_is_called_no_more()
    {
        _receiver.Respond = _ => 500;
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url, new Dictionary<string, string?>
        {
            ["Gateway:Dispatch:MaxAttempts"] = "3",
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.020",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.050",
        });

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await host.DeliveryAsync(recorded.RowId)).Status == OutboxStatus.Dead, Deadline, "the row is dead-lettered", Ct);

        var delivery = await host.DeliveryAsync(recorded.RowId);
        Assert.Equal((3, "HTTP 500 Internal Server Error"), (delivery.Attempts, delivery.LastError));
        Assert.Null(delivery.DeliveredAt);

        // Further passes, even ones long after the backoff, send nothing more.
        var passes = host.Relay.CompletedPasses;
        host.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => host.Relay.CompletedPasses >= passes + 2, Deadline, "the relay makes two more passes", Ct);
        Assert.Equal(3, _receiver.Requests.Count);

        var dead = Assert.Single((await host.Services.GetRequiredService<IDispatchOutbox>().ListDeadAsync(10, Ct)));
        Assert.Equal((WebhookSink.TargetName, 3, "HTTP 500 Internal Server Error", "MHC-001", 42L), (dead.Target, dead.Attempts, dead.LastError, dead.Alarm.PostId, dead.Alarm.AlarmId));
        var error = Assert.Single(host.Logs.Errors);
        Assert.Equal(
            "Delivery of alarm 42 of post MHC-001 to webhook is dead after 3 attempts (out of attempts): HTTP 500 Internal Server Error; an operator must retry it (POST /api/dispatch/" + dead.OutboxId + "/retry)",
            error.Message);
        Assert.Equal(2, host.Logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Delivery of alarm 42", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_rejected_delivery_is_dead_lettered_at_once()
    {
        var sink = new RejectingSink();
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url, services: services => services.AddSingleton(new DispatchSinks([sink])));

        var recorded = await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(async () => (await host.DeliveryAsync(recorded.RowId)).Status == OutboxStatus.Dead, Deadline, "the row is dead-lettered", Ct);

        var delivery = await host.DeliveryAsync(recorded.RowId);
        Assert.Equal((RejectingSink.TargetName, 1, "unknown post at the receiving centre"), (delivery.Target, delivery.Attempts, delivery.LastError));
        var passes = host.Relay.CompletedPasses;
        host.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => host.Relay.CompletedPasses >= passes + 2, Deadline, "the relay makes two more passes", Ct);
        Assert.Equal(1, sink.Calls);
        Assert.Contains("(rejected by the target)", Assert.Single(host.Logs.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    /// <summary>A target that refuses every alarm for good, as a receiver that does not know the post would.</summary>
    private sealed class RejectingSink : IDispatchSink
    {
        public const string TargetName = "refuser";
        private int _calls;

        public string Target => TargetName;

        public DispatchBackoff Backoff { get; } = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));

        public int Calls => Volatile.Read(ref _calls);

        public Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(DeliveryResult.Rejected("unknown post at the receiving centre"));
        }
    }
}
