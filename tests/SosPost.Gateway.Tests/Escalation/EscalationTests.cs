using System.Text.Json;
using Dapper;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Escalation;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Escalation;

/// <summary>Alarms no dispatcher acknowledges in time go, once, to the escalation webhook; on a clock the test moves.</summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private const string PostId = "MHC-001";
    private const string Secret = "whsec_escalation_0123456789";
    private static readonly TimeSpan After = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _dispatch = null!;
    private WebhookReceiver _escalation = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dispatch = await WebhookReceiver.StartAsync();
        _escalation = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _escalation.DisposeAsync();
        await _dispatch.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_alarm_no_dispatcher_acknowledges_in_time_is_escalated_once_signed_and_flagged_in_the_alarm_list()
    {
        await using var gateway = await StartAsync();
        await gateway.AlarmAsync(PostId, 42);
        await Eventually.WaitUntilAsync(() => _dispatch.Requests.Count == 1, Deadline, "the normal webhook gets the alarm", Ct);

        await gateway.AdvanceAsync(After - TimeSpan.FromSeconds(10), () => Escalation(gateway).LastCheckedAt, CheckInterval);
        Assert.False((await AlarmAsync(gateway, 42)).GetProperty("escalated").GetBoolean());

        await gateway.AdvanceAsync(TimeSpan.FromSeconds(10), () => Escalation(gateway).LastCheckedAt, CheckInterval);
        await Eventually.WaitUntilAsync(() => _escalation.Requests.Count == 1, Deadline, "the escalation webhook gets the alarm", Ct);

        var request = _escalation.Requests.Single();
        Assert.Equal("MHC-001/42/escalation", request.IdempotencyKey);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("escalation", "MHC-001/42/escalation", PostId, 42L), (body.GetProperty("event").GetString(), body.GetProperty("idempotencyKey").GetString(), body.GetProperty("postId").GetString(), body.GetProperty("alarmId").GetInt64()));
        var escalatedAt = gateway.Clock.GetUtcNow();
        Assert.Equal(UtcTime.ToText(escalatedAt), body.GetProperty("escalatedAt").GetString());
        Assert.Equal("Mahachai Market north gate", body.GetProperty("post").GetProperty("name").GetString());
        var t = long.Parse(request.Signature!.Split(',')[0][2..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookSignature.Compute(Secret, t, request.RawBody), request.Signature);

        var listed = await AlarmAsync(gateway, 42);
        Assert.True(listed.GetProperty("escalated").GetBoolean());
        Assert.Equal(escalatedAt, listed.GetProperty("escalatedAt").GetDateTimeOffset());
        Assert.Contains(listed.GetProperty("deliveries").EnumerateArray(), d => d.GetProperty("target").GetString() == "escalation");
        Assert.Contains("sospost_alarm_escalations_total 1\n", await gateway.MetricsAsync(), StringComparison.Ordinal);

        // Acknowledging it now, and any number of later checks, escalate nothing more.
        var id = listed.GetProperty("id").GetInt64();
        (await gateway.Api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();
        await gateway.AdvanceAsync(TimeSpan.FromMinutes(10), () => Escalation(gateway).LastCheckedAt, CheckInterval);
        Assert.Single(_escalation.Requests);
        Assert.Single(_dispatch.Requests);
        gateway.App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task An_alarm_acknowledged_before_the_deadline_and_a_test_alarm_are_never_escalated()
    {
        await using var gateway = await StartAsync();
        await gateway.AlarmAsync(PostId, 42);
        await gateway.AlarmAsync(PostId, 43, test: true);
        gateway.Clock.Advance(After - TimeSpan.FromSeconds(1));
        var id = (await AlarmAsync(gateway, 42)).GetProperty("id").GetInt64();
        (await gateway.Api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();

        await gateway.AdvanceAsync(TimeSpan.FromHours(1), () => Escalation(gateway).LastCheckedAt, CheckInterval);

        Assert.Empty(_escalation.Requests);
        Assert.False((await AlarmAsync(gateway, 42)).GetProperty("escalated").GetBoolean());
        Assert.False((await AlarmAsync(gateway, 43)).GetProperty("escalated").GetBoolean());
        Assert.DoesNotContain("sospost_alarm_escalations_total", await gateway.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_restart_neither_loses_nor_repeats_an_escalation()
    {
        _escalation.Respond = n => n == 1 ? 503 : 200;
        var clock = ClockedGateway.NewClock();
        DateTimeOffset escalatedAt;
        await using (var first = await StartAsync(clock))
        {
            await first.AlarmAsync(PostId, 42);
            await first.AdvanceAsync(After, () => Escalation(first).LastCheckedAt, CheckInterval);
            escalatedAt = clock.GetUtcNow();
            await Eventually.WaitUntilAsync(() => _escalation.Requests.Count == 1, Deadline, "the first escalation attempt is answered 503", Ct);
            await Eventually.WaitUntilAsync(async () => (await OutboxAsync()).Single(r => r.Target == "escalation").Attempts == 1, Deadline, "the failed attempt is recorded", Ct);
        }

        // The restarted gateway, past the retry time, delivers the pending escalation and makes no new one.
        await using var second = await StartAsync(clock);
        await ClockedGateway.FirstCheckAsync(() => Escalation(second).LastCheckedAt);
        await second.AdvanceAsync(TimeSpan.FromSeconds(5), () => Escalation(second).LastCheckedAt, CheckInterval);
        await Eventually.WaitUntilAsync(() => _escalation.Requests.Count == 2, Deadline, "the escalation is delivered after the restart", Ct);
        await second.AdvanceAsync(TimeSpan.FromMinutes(10), () => Escalation(second).LastCheckedAt, CheckInterval);

        Assert.Equal([503, 200], _escalation.Requests.Select(r => r.AnsweredStatus));
        Assert.All(_escalation.Requests, r => Assert.Equal("MHC-001/42/escalation", r.IdempotencyKey));

        // The relay marks the row once it has read the 200, which may be after the receiver counted the request.
        await Eventually.WaitUntilAsync(
            async () => (await OutboxAsync()).Single(r => r.Target == "escalation").Status == OutboxStatus.Delivered, Deadline, "the escalation row is marked delivered", Ct);
        Assert.Single(await OutboxAsync(), r => r.Target == "escalation");
        Assert.Equal(escalatedAt, (await AlarmAsync(second, 42)).GetProperty("escalatedAt").GetDateTimeOffset());
        second.App.Logs.AssertNoErrors();
    }

    [Fact]
    public void Escalation_settings_are_validated_with_the_key_named()
    {
        var options = new EscalationOptions { After = TimeSpan.Zero };
        options.Webhook.Url = "ftp://example";
        options.Webhook.Secret = "short";
        Assert.Equal(
            ["After must be 1 second to 1 day.", "Webhook:Url 'ftp://example' must be an absolute http or https URL.", "Webhook:Secret must be at least 16 characters."],
            options.Validate());
    }

    private Task<ClockedGateway> StartAsync(ManualTimeProvider? clock = null) =>
        ClockedGateway.StartAsync(
            _directory,
            new Dictionary<string, string?>
            {
                ["Gateway:Webhook:Url"] = _dispatch.Url.ToString(),
                ["Gateway:Escalation:After"] = "00:02:00",
                ["Gateway:Escalation:Webhook:Url"] = _escalation.Url.ToString(),
                ["Gateway:Escalation:Webhook:Secret"] = Secret,
                ["Gateway:Escalation:Webhook:InitialBackoff"] = "00:00:01",
                ["Gateway:Escalation:Webhook:MaxBackoff"] = "00:00:02",
            },
            clock);

    private static EscalationService Escalation(ClockedGateway gateway) => gateway.Service<EscalationService>();

    private static async Task<JsonElement> AlarmAsync(ClockedGateway gateway, long alarmId) =>
        (await gateway.GetJsonAsync("/api/alarms")).EnumerateArray().Single(a => a.GetProperty("alarmId").GetInt64() == alarmId);

    private async Task<IReadOnlyList<(string Target, string Status, long Attempts)>> OutboxAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_directory.DatabasePath}");
        return [.. await connection.QueryAsync<(string Target, string Status, long Attempts)>("SELECT target, status, attempts FROM dispatch_outbox ORDER BY id")];
    }
}
