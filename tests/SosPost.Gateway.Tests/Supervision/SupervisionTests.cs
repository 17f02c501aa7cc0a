using System.Net;
using System.Text.Json;
using SosPost.Gateway.Supervision;
using SosPost.Gateway.Tests.Support;
using SosPost.Protocol;

namespace SosPost.Gateway.Tests.Supervision;

/// <summary>Offline by last will or by missed heartbeats, on a clock the test moves; the posts view, alerts and gauge follow.</summary>
public sealed class SupervisionTests : IAsyncLifetime
{
    private const string PostId = "MHC-001";
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(210);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _directory = new();
    private ClockedGateway _gateway = null!;

    private SupervisionService Supervision => _gateway.Service<SupervisionService>();

    public async ValueTask InitializeAsync()
    {
        _gateway = await ClockedGateway.StartAsync(_directory);
        await ClockedGateway.FirstCheckAsync(() => Supervision.LastCheckedAt);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public void The_default_offline_time_is_three_heartbeat_intervals_and_a_margin()
    {
        Assert.Equal(OfflineAfter, new SupervisionOptions().OfflineAfter);
        Assert.True(new SupervisionOptions().OfflineAfter > 3 * SupervisionOptions.DefaultHeartbeatInterval);
    }

    [Fact]
    public async Task A_post_silent_for_OfflineAfter_goes_offline_for_missed_heartbeats_and_its_next_message_brings_it_back()
    {
        await _gateway.OnlineAsync(PostId);
        await _gateway.HeartbeatAsync(PostId);
        Assert.True((await PostAsync(PostId)).GetProperty("online").GetBoolean());
        Assert.Contains("sospost_posts_online 1\n", await _gateway.MetricsAsync(), StringComparison.Ordinal);

        // Two missed heartbeats and a bit: still online.
        await _gateway.AdvanceAsync(TimeSpan.FromSeconds(150), () => Supervision.LastCheckedAt, CheckInterval);
        Assert.True((await PostAsync(PostId)).GetProperty("online").GetBoolean());

        await _gateway.AdvanceAsync(OfflineAfter - TimeSpan.FromSeconds(150) + TimeSpan.FromSeconds(15), () => Supervision.LastCheckedAt, CheckInterval);
        var post = await PostAsync(PostId);
        Assert.False(post.GetProperty("online").GetBoolean());
        Assert.Equal(OfflineReason.MissedHeartbeats, post.GetProperty("offline").GetProperty("reason").GetString());
        var alert = Assert.Single((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());
        Assert.Equal((PostId, "offline", "supervision", true), (alert.GetProperty("postId").GetString(), alert.GetProperty("type").GetString(), alert.GetProperty("source").GetString(), alert.GetProperty("open").GetBoolean()));
        var metrics = await _gateway.MetricsAsync();
        Assert.Contains("sospost_posts_online 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("sospost_maintenance_alerts_total{type=\"offline\"} 1\n", metrics, StringComparison.Ordinal);

        // Later checks change nothing: one alert per offline spell.
        await _gateway.AdvanceAsync(TimeSpan.FromMinutes(5), () => Supervision.LastCheckedAt, CheckInterval);
        Assert.Single((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());

        await _gateway.HeartbeatAsync(PostId);
        post = await PostAsync(PostId);
        Assert.True(post.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.Null, post.GetProperty("offline").ValueKind);
        Assert.Empty((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());
        var cleared = Assert.Single((await _gateway.GetJsonAsync("/api/maintenance")).EnumerateArray());
        Assert.Equal("post-heard", cleared.GetProperty("clearedBy").GetString());
        Assert.Equal(_gateway.Clock.GetUtcNow(), cleared.GetProperty("clearedAt").GetDateTimeOffset());
        await _gateway.AdvanceAsync(TimeSpan.FromSeconds(15), () => Supervision.LastCheckedAt, CheckInterval);
        Assert.Contains("sospost_posts_online 1\n", await _gateway.MetricsAsync(), StringComparison.Ordinal);
        Assert.Contains(_gateway.App.Logs.Entries, e => e.Message.StartsWith("Post MHC-001 is back online after", StringComparison.Ordinal));
        _gateway.App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Any_message_from_a_post_counts_as_heard_not_only_heartbeats()
    {
        await _gateway.OnlineAsync(PostId);
        await _gateway.AdvanceAsync(TimeSpan.FromSeconds(200), () => Supervision.LastCheckedAt, CheckInterval);
        await _gateway.EventAsync(PostId, 17, TroubleType.Tamper, active: true);
        await _gateway.AdvanceAsync(TimeSpan.FromSeconds(30), () => Supervision.LastCheckedAt, CheckInterval);

        Assert.True((await PostAsync(PostId)).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task A_last_will_marks_the_post_offline_with_its_reason_and_one_alert_however_often_it_is_delivered()
    {
        await _gateway.OnlineAsync(PostId);
        await _gateway.LastWillAsync(PostId);
        await _gateway.LastWillAsync(PostId, retain: true); // a restarted gateway gets the retained will again

        var post = await PostAsync(PostId);
        Assert.False(post.GetProperty("online").GetBoolean());
        Assert.Equal(OfflineReason.LastWill, post.GetProperty("offline").GetProperty("reason").GetString());
        var alert = Assert.Single((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());
        Assert.Equal(("offline", "last-will"), (alert.GetProperty("type").GetString(), alert.GetProperty("source").GetString()));

        // Supervision leaves an offline post's reason alone.
        await _gateway.AdvanceAsync(TimeSpan.FromMinutes(10), () => Supervision.LastCheckedAt, CheckInterval);
        Assert.Equal(OfflineReason.LastWill, (await PostAsync(PostId)).GetProperty("offline").GetProperty("reason").GetString());

        await _gateway.OnlineAsync(PostId);
        Assert.True((await PostAsync(PostId)).GetProperty("online").GetBoolean());
        Assert.Empty((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());
        _gateway.App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_retained_online_status_alone_does_not_keep_a_post_online_once_the_gateway_has_listened_long_enough()
    {
        // At start the gateway gets each post's retained birth message, which says nothing about now.
        await _gateway.OnlineAsync(PostId, retain: true);
        Assert.True((await PostAsync(PostId)).GetProperty("online").GetBoolean());

        await _gateway.AdvanceAsync(OfflineAfter + TimeSpan.FromSeconds(15), () => Supervision.LastCheckedAt, CheckInterval);

        Assert.Equal(OfflineReason.MissedHeartbeats, (await PostAsync(PostId)).GetProperty("offline").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_maintenance_list_needs_a_login()
    {
        using var anonymous = _gateway.App.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/maintenance?open=true", TestContext.Current.CancellationToken)).StatusCode);
    }

    private async Task<JsonElement> PostAsync(string postId) =>
        (await _gateway.GetJsonAsync("/api/posts")).EnumerateArray().Single(p => p.GetProperty("id").GetString() == postId);
}
