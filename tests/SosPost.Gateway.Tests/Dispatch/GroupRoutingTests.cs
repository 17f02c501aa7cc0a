using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

/// <summary>Targets that serve groups of posts: each alarm reaches only the targets of its post's group.</summary>
public sealed class GroupRoutingTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _samutSakhonWebhook = null!;
    private WebhookReceiver _bangkokCap = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _samutSakhonWebhook = await WebhookReceiver.StartAsync();
        _bangkokCap = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _samutSakhonWebhook.DisposeAsync();
        await _bangkokCap.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Two_groups_with_a_target_each_get_only_the_alarms_of_their_own_posts()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Webhook:Groups:0"] = TestPosts.Market.Group,
            ["Gateway:Cap:Groups:0"] = TestPosts.Skywalk.Group,
        });

        var market = await host.RecordAsync(TestAlarms.Market42());
        var skywalk = await host.RecordAsync(TestAlarms.Market42() with { PostId = TestPosts.Skywalk.Id, AlarmId = 7 });
        await Eventually.WaitUntilAsync(() => _samutSakhonWebhook.Requests.Count == 1 && _bangkokCap.Requests.Count == 1, Deadline, "each target gets one alarm", Ct);
        await QuietAsync(host);

        Assert.Equal("MHC-001/42/webhook", Assert.Single(_samutSakhonWebhook.Requests).IdempotencyKey);
        Assert.Equal("BKK-001/7/cap", Assert.Single(_bangkokCap.Requests).IdempotencyKey);
        Assert.Equal([WebhookSink.TargetName], await TargetsAsync(host, market.RowId));
        Assert.Equal([CapSink.TargetName], await TargetsAsync(host, skywalk.RowId));
        host.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_target_without_groups_serves_every_group()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Cap:Groups:0"] = TestPosts.Skywalk.Group,
        });

        var skywalk = await host.RecordAsync(TestAlarms.Market42() with { PostId = TestPosts.Skywalk.Id, AlarmId = 7 });

        Assert.Equal([CapSink.TargetName, WebhookSink.TargetName], (await TargetsAsync(host, skywalk.RowId)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_group_no_post_has_and_a_group_no_target_serves_are_warned_about_at_start()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Webhook:Groups:0"] = "samut-sakorn", // misspelt
            ["Gateway:Cap:Groups:0"] = TestPosts.Skywalk.Group,
        });

        var warnings = host.Logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains("Dispatch target webhook serves group samut-sakorn, which no post in the registry has (known groups: bangkok, samut-sakhon); check its Groups setting for a misspelling", warnings);
        Assert.Contains("No dispatch target serves group samut-sakhon, which has 1 post(s): their alarms are stored and shown in the console only", warnings);

        // And the misspelt group's alarms are still stored, with no delivery, never lost.
        var market = await host.RecordAsync(TestAlarms.Market42());
        Assert.Empty(await TargetsAsync(host, market.RowId));
    }

    [Fact]
    public void A_group_name_that_cannot_be_one_stops_the_gateway_at_start_naming_the_key()
    {
        var errors = new WebhookOptions { Url = "https://dispatch.example/sos", Groups = ["Samut Sakhon", "bangkok", "bangkok"] }.Validate().ToList();

        Assert.Equal(
            [
                "Groups:0 'Samut Sakhon' must be 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-' (e.g. \"samut-sakhon\").",
                "Groups:2 'bangkok' is listed twice.",
            ],
            errors);
        Assert.Single(new CapOptions { Url = "https://cap.example/", Groups = ["-x"] }.Validate());
        Assert.Single(new Gateway.Dispatch.Sia.SiaOptions { Host = "arc.example", Port = 9000, Account = "1234", Groups = ["x y"] }.Validate());
    }

    private Task<RelayHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Gateway:Cap:Url"] = _bangkokCap.Url.ToString();
        settings["Gateway:Cap:InitialBackoff"] = "00:00:00.200";
        settings["Gateway:Cap:MaxBackoff"] = "00:00:01";
        return RelayHost.StartAsync(_directory, _samutSakhonWebhook.Url, settings);
    }

    private static async Task<IReadOnlyList<string>> TargetsAsync(RelayHost host, long alarmRowId)
    {
        var alarms = await host.Services.GetRequiredService<IAlarmStore>().ListAsync(100, CancellationToken.None);
        return [.. alarms.Single(a => a.Alarm.Id == alarmRowId).Deliveries.Select(d => d.Target)];
    }

    /// <summary>Two more relay passes, so a delivery that should not happen would have.</summary>
    private static async Task QuietAsync(RelayHost host)
    {
        var passes = host.Relay.CompletedPasses;
        host.Services.GetRequiredService<DispatchSignal>().Notify();
        await Eventually.WaitUntilAsync(() => host.Relay.CompletedPasses >= passes + 2, Deadline, "the relay makes two more passes", Ct);
    }
}
