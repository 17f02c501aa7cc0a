using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

public sealed class DeadLetterApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _receiver = null!;
    private GatewayApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _receiver.Respond = _ => 500;
        _app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Webhook:Url"] = _receiver.Url.ToString(),
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.020",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.050",
            ["Gateway:Dispatch:MaxAttempts"] = "2",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_dead_delivery_is_listed_and_an_operator_retry_delivers_it_once_the_receiver_recovers()
    {
        using var api = await _app.LoggedInClientAsync();
        var services = _app.Services;
        var recorded = await services.GetRequiredService<IAlarmStore>().RecordAsync(TestAlarms.Market42(), services.GetRequiredService<DispatchSinks>().Targets, Ct);
        services.GetRequiredService<DispatchSignal>().Notify();

        await Eventually.WaitUntilAsync(async () => (await DeliveryAsync(api)).GetProperty("status").GetString() == "dead", Deadline, "the delivery is dead", Ct);
        var delivery = await DeliveryAsync(api);
        Assert.Equal((2, "HTTP 500 Internal Server Error"), (delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("lastError").GetString()));

        var dead = Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/dispatch/dead", Ct)).EnumerateArray());
        var outboxId = dead.GetProperty("outboxId").GetInt64();
        Assert.Equal(("webhook", 2, "HTTP 500 Internal Server Error"), (dead.GetProperty("target").GetString(), dead.GetProperty("attempts").GetInt32(), dead.GetProperty("lastError").GetString()));
        Assert.Equal((recorded.RowId, "MHC-001", 42L), (dead.GetProperty("alarmRowId").GetInt64(), dead.GetProperty("postId").GetString(), dead.GetProperty("alarmId").GetInt64()));
        Assert.Equal("Mahachai Market north gate", dead.GetProperty("post").GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/dispatch/{outboxId + 1000}/retry", null, Ct)).StatusCode);
        using (var anonymous = _app.NewClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/dispatch/dead", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/dispatch/{outboxId}/retry", null, Ct)).StatusCode);
        }

        Assert.Equal(2, _receiver.Requests.Count);
        _receiver.Respond = _ => 200;
        var retry = await api.PostAsync($"/api/dispatch/{outboxId}/retry", null, Ct);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);

        await Eventually.WaitUntilAsync(async () => (await DeliveryAsync(api)).GetProperty("status").GetString() == "delivered", Deadline, "the retried delivery is delivered", Ct);
        Assert.Equal(1, (await DeliveryAsync(api)).GetProperty("attempts").GetInt32()); // attempts start again from 0 on a retry
        Assert.Equal([500, 500, 200], _receiver.Requests.Select(r => r.AnsweredStatus));
        Assert.Single(_receiver.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/dispatch/dead", Ct)).EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/dispatch/{outboxId}/retry", null, Ct)).StatusCode);

        Assert.Contains(_app.Logs.Entries, e => e.Level == LogLevel.Information
            && e.Message == $"Dead delivery {outboxId} of alarm 42 of post MHC-001 to webhook retried by {TestUsers.Dispatcher}; it had failed 2 attempts, last: HTTP 500 Internal Server Error");
        var error = Assert.Single(_app.Logs.Errors);
        Assert.StartsWith("Delivery of alarm 42 of post MHC-001 to webhook is dead after 2 attempts", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> DeliveryAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/alarms", Ct)).EnumerateArray().Single().GetProperty("deliveries").EnumerateArray().Single();
}
