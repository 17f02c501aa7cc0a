using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Tests.Support;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Snapshots;

/// <summary>
/// A post presses on a real broker; the real gateway records and answers the alarm, delivers it, then fetches
/// the camera's picture and serves it to a logged-in dispatcher and, by signed link, to the dispatch system.
/// </summary>
public sealed class SnapshotEndToEndTests : IAsyncLifetime
{
    private const string PostId = "MHC-001";
    private const string LinkKey = "e2e-link-key-0123456789abcdef-0123456789";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _postPassword = TestSecrets.NewPassword();
    private readonly string _gatewayPassword = TestSecrets.NewPassword();
    private readonly TempDirectory _directory = new();
    private MosquittoBroker _broker = null!;
    private CameraServer _camera = null!;
    private WebhookReceiver _webhook = null!;
    private GatewayApp _app = null!;
    private PostClient _post = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions().AddUser("gateway", _gatewayPassword).AddUser(PostId, _postPassword));
        _camera = await CameraServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
        _app = new GatewayApp(_directory, new Dictionary<string, string?>
        {
            ["Gateway:Registry:SeedFile"] = TestPosts.WriteFile(_directory, "camera-posts.json", TestPosts.Market with { Camera = _camera.Url("/slow/still.jpg") }, TestPosts.Skywalk),
            ["Gateway:Mqtt:Host"] = _broker.Host,
            ["Gateway:Mqtt:Port"] = _broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Mqtt:UserName"] = "gateway",
            ["Gateway:Mqtt:Password"] = _gatewayPassword,
            ["Gateway:Webhook:Url"] = _webhook.Url.ToString(),
            ["Gateway:Webhook:Secret"] = "whsec_e2e_0123456789abcdef",
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.100",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.500",
            ["Gateway:Snapshot:Timeout"] = "00:00:30",
            ["Gateway:Snapshot:PublicBaseUrl"] = "http://gateway.test",
            ["Gateway:Snapshot:LinkKey"] = LinkKey,
        });
        _ = _app.NewClient(); // starts the host
        await Eventually.WaitUntilAsync(() => _app.Logs.Entries.Any(e => e.Message == "Intake subscribed to " + Topics.AllStatus), Deadline, "intake has subscribed", Ct);
        _post = await PostClient.ConnectAsync(_broker, PostId, _postPassword);
    }

    public async ValueTask DisposeAsync()
    {
        await _post.DisposeAsync();
        await _app.DisposeAsync();
        await _webhook.DisposeAsync();
        await _camera.DisposeAsync();
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_post_is_answered_and_the_alarm_delivered_before_the_camera_answers_then_the_picture_is_served()
    {
        await _post.PublishAsync(Topics.Alarm(PostId), PayloadCodec.Encode(new AlarmMessage
        {
            AlarmId = 42,
            Presses = 1,
            UptimeMs = 5234119,
            PressedAt = new DateTime(2026, 11, 22, 3, 15, 42, 120, DateTimeKind.Utc),
            Snapshot = true,
        }));

        // Alarm first: answered "received" and delivered while the camera holds the gateway's request.
        await Eventually.WaitUntilAsync(() => _post.HasState(42, AlarmState.Received) && _webhook.Requests.Count == 1, Deadline, "the post is answered and the webhook has the alarm", Ct);
        await Eventually.WaitUntilAsync(() => _camera.SlowInFlight == 1, Deadline, "the gateway is asking the camera", Ct);
        Assert.Equal(0, _camera.SlowAnswered);
        Assert.Equal("MHC-001/42/webhook", _webhook.Requests[0].IdempotencyKey);

        var dispatcher = await _app.LoggedInClientAsync();
        var alarmRowId = (await dispatcher.GetFromJsonAsync<JsonElement>("/api/alarms", Ct)).EnumerateArray().Single().GetProperty("id").GetInt64();
        var before = await dispatcher.GetAsync($"/api/alarms/{alarmRowId}/snapshot", Ct);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        _camera.ReleaseSlow();
        await Eventually.WaitUntilAsync(() => _webhook.Requests.Count == 2, Deadline, "the picture follows the alarm", Ct);

        // A logged-in dispatcher sees it in the console's API; nobody else does.
        var picture = await dispatcher.GetAsync($"/api/alarms/{alarmRowId}/snapshot", Ct);
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal("image/jpeg", picture.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CameraServer.Jpeg, await picture.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("no-store", picture.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var anonymous = await _app.NewClient().GetAsync($"/api/alarms/{alarmRowId}/snapshot", Ct);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);

        // The dispatch system opens the signed link from the follow-up without a login; a forged one is refused.
        var followUp = _webhook.Requests[1];
        Assert.Equal("MHC-001/42/webhook/snapshot", followUp.IdempotencyKey);
        Assert.NotNull(followUp.Signature);
        using var body = JsonDocument.Parse(followUp.Body);
        var link = new Uri(body.RootElement.GetProperty("picture").GetProperty("url").GetString()!);
        Assert.Equal("gateway.test", link.Host);
        var byLink = await _app.NewClient().GetAsync(link.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, byLink.StatusCode);
        Assert.Equal(CameraServer.Jpeg, await byLink.Content.ReadAsByteArrayAsync(Ct));
        var forged = link.PathAndQuery[..^1] + (link.PathAndQuery[^1] == '0' ? '1' : '0');
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.NewClient().GetAsync(forged, Ct)).StatusCode);
        var otherAlarm = link.PathAndQuery.Replace($"/snapshots/{alarmRowId}?", $"/snapshots/{alarmRowId + 1}?", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.NewClient().GetAsync(otherAlarm, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.NewClient().GetAsync($"/snapshots/{alarmRowId}", Ct)).StatusCode);
        _app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        // A link signed with the gateway's key that expired a minute ago, as a clock a day back would have made it.
        var past = new ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        var expired = new SnapshotLinks(Options.Create(new SnapshotOptions { PublicBaseUrl = "http://gateway.test", LinkKey = LinkKey }), past).Create(1)!;

        var response = await _app.NewClient().GetAsync(expired.Url.PathAndQuery, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
