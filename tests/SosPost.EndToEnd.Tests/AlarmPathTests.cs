using System.Text.Json;
using SosPost.Testing;

namespace SosPost.EndToEnd.Tests;

/// <summary>A press on a virtual post reaches dispatch with its location, through the real broker.</summary>
public sealed class AlarmPathTests
{
    [Fact]
    public async Task One_press_reaches_the_webhook_once_with_location_and_the_post_sees_received_then_dispatched()
    {
        await using var rig = await ProductRig.StartAsync();
        var post = ProductRig.DemoPosts.Single(p => p.Id == "MHC-001");

        await rig.PressAsync(post.Id);

        await rig.WaitForBeaconAsync(post.Id, "Received");
        var alarm = await WaitForDeliveredAlarmAsync(rig, post.Id);
        var delivery = Assert.Single(rig.Webhook.Requests);
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(post.Id, body.RootElement.GetProperty("postId").GetString());
        var location = body.RootElement.GetProperty("post");
        Assert.Equal(post.Latitude, location.GetProperty("latitude").GetDouble());
        Assert.Equal(post.Longitude, location.GetProperty("longitude").GetDouble());
        Assert.Equal(post.Address, location.GetProperty("address").GetString());
        Assert.Equal(alarm.GetProperty("alarmId").GetInt64(), body.RootElement.GetProperty("alarmId").GetInt64());

        using var acknowledged = await rig.Console.PostAsync("/api/alarms/" + alarm.GetProperty("id").GetInt64() + "/acknowledge", content: null, TestContext.Current.CancellationToken);
        acknowledged.EnsureSuccessStatusCode();

        await rig.WaitForBeaconAsync(post.Id, "Dispatched");
        Assert.Single(rig.Webhook.Requests);
        rig.Gateway.Logs.AssertNoErrors();

        // Every message of the twenty virtual posts was signed and new: nothing was taken for forged or replayed.
        using var stats = JsonDocument.Parse(await rig.Console.GetStringAsync("/api/stats", TestContext.Current.CancellationToken));
        Assert.Empty(stats.RootElement.GetProperty("intake").GetProperty("rejects").EnumerateObject());
    }

    [Fact]
    public async Task A_post_with_only_a_client_certificate_reaches_the_gateway_over_mutual_TLS_and_sees_received()
    {
        // MHC-001 has no password on the broker or in its credentials: its certificate is its only login.
        await using var rig = await ProductRig.StartAsync(certificatePost: "MHC-001");

        await rig.PressAsync("MHC-001");

        await rig.WaitForBeaconAsync("MHC-001", "Received");
        var alarm = await WaitForDeliveredAlarmAsync(rig, "MHC-001");
        Assert.Equal(1, alarm.GetProperty("alarmId").GetInt64());
        Assert.Contains("u'MHC-001'", rig.Broker.LogText(), StringComparison.Ordinal);
        rig.Gateway.Logs.AssertNoErrors();
        using var stats = JsonDocument.Parse(await rig.Console.GetStringAsync("/api/stats", TestContext.Current.CancellationToken));
        Assert.Empty(stats.RootElement.GetProperty("intake").GetProperty("rejects").EnumerateObject());
    }

    [Fact]
    public async Task No_alarm_is_lost_when_the_broker_is_killed_and_restarted_in_the_middle_of_a_run_of_presses()
    {
        await using var rig = await ProductRig.StartAsync();
        var before = ProductRig.DemoPosts.Take(6).Select(p => p.Id).ToList();
        var during = ProductRig.DemoPosts.Skip(6).Take(6).Select(p => p.Id).ToList();

        foreach (var id in before)
        {
            await rig.PressAsync(id);
        }

        await rig.Broker.KillAsync(TestContext.Current.CancellationToken);
        foreach (var id in during)
        {
            await rig.PressAsync(id); // the broker is down: each alarm waits in its post's flash outbox
        }

        await rig.Broker.RestartAsync(TestContext.Current.CancellationToken);

        var pressed = before.Concat(during).ToList();
        foreach (var id in pressed)
        {
            await rig.WaitForBeaconAsync(id, "Received");
        }

        await Eventually.WaitUntilAsync(
            async () => (await rig.AlarmsAsync()).Count(a => IsDelivered(a)) == pressed.Count,
            ProductRig.Deadline,
            "every stored alarm is delivered to the webhook",
            TestContext.Current.CancellationToken);
        var alarms = await rig.AlarmsAsync();
        Assert.Equal(pressed.Order(StringComparer.Ordinal), alarms.Select(a => a.GetProperty("postId").GetString()!).Order(StringComparer.Ordinal));
        var keys = rig.Webhook.Requests.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(pressed.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(pressed.Count, keys.Count);
        TestContext.Current.SendDiagnosticMessage(
            "broker restart: pressed {0}, stored {1}, delivered {2}, duplicate deliveries {3}",
            pressed.Count, alarms.Count, keys.Distinct(StringComparer.Ordinal).Count(), keys.Count - keys.Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<JsonElement> WaitForDeliveredAlarmAsync(ProductRig rig, string postId)
    {
        JsonElement found = default;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                var alarm = (await rig.AlarmsAsync()).FirstOrDefault(a => a.GetProperty("postId").GetString() == postId && IsDelivered(a));
                found = alarm;
                return alarm.ValueKind == JsonValueKind.Object;
            },
            ProductRig.Deadline,
            postId + "'s alarm is stored and delivered to the webhook");
        return found;
    }

    private static bool IsDelivered(JsonElement alarm) =>
        alarm.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("status").GetString() == "delivered");
}
