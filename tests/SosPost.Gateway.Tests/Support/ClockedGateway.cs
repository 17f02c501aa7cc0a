using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Intake;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// The real gateway on a clock the test moves (<see cref="ManualTimeProvider"/>), for rules that take minutes
/// (supervision, escalation). Messages from posts go through the real intake handler, as the broker would hand
/// them over; the broker itself is left out, because its keep-alive runs on the same clock.
/// </summary>
public sealed class ClockedGateway : IAsyncDisposable
{
    private ClockedGateway(GatewayApp app, ManualTimeProvider clock, HttpClient api)
    {
        App = app;
        Clock = clock;
        Api = api;
    }

    public GatewayApp App { get; }

    /// <summary>Starts at the real time: cookies and data protection keys are dated by the system clock.</summary>
    public ManualTimeProvider Clock { get; }

    public HttpClient Api { get; }

    /// <summary>A clock at the real time, to the whole millisecond as the gateway stores times.</summary>
    public static ManualTimeProvider NewClock()
    {
        var now = DateTimeOffset.UtcNow;
        return new ManualTimeProvider(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero));
    }

    public static async Task<ClockedGateway> StartAsync(TempDirectory directory, IReadOnlyDictionary<string, string?>? settings = null, ManualTimeProvider? clock = null)
    {
        clock ??= NewClock();
        // These tests are about what intake does with a message, not about its signature (IntakeTests cover that).
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Gateway:Security:RequireMessageAuth"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new GatewayApp(directory, all) { Time = clock };
        var api = await app.LoggedInClientAsync();
        return new ClockedGateway(app, clock, api);
    }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>A message from a post, through intake as the broker delivers it.</summary>
    public Task SendAsync(string topic, byte[] payload, bool retain = false) =>
        Service<AlarmIntake>().HandleAsync(new MqttMessage(topic, payload, MqttQos.AtLeastOnce, retain), CancellationToken.None);

    public Task OnlineAsync(string postId, bool retain = false) =>
        SendAsync(Topics.Status(postId), PayloadCodec.Encode(new StatusMessage { Online = true, Firmware = "0.1.0", ConfigHash = "3f2a9c41", UptimeMs = 1200 }), retain);

    public Task LastWillAsync(string postId, bool retain = false) =>
        SendAsync(Topics.Status(postId), PayloadCodec.Encode(new StatusMessage { Online = false }), retain);

    public Task HeartbeatAsync(string postId) =>
        SendAsync(Topics.Heartbeat(postId), PayloadCodec.Encode(new HeartbeatMessage
        {
            UptimeMs = 5294119,
            Firmware = "0.1.0",
            ConfigHash = "3f2a9c41",
            Link = LinkType.Wifi,
            RssiDbm = -67,
            MainsPresent = true,
            BatteryMv = 13180,
            Lamp = LampHealth.Ok,
            FreeMemoryBytes = 61440,
            LastReset = ResetReason.PowerOn,
        }));

    public Task EventAsync(string postId, long eventId, string type, bool active) =>
        SendAsync(Topics.Event(postId), PayloadCodec.Encode(new EventMessage { EventId = eventId, Type = type, Active = active, UptimeMs = 5301200 + eventId }));

    public Task AlarmAsync(string postId, long alarmId, bool test = false) =>
        SendAsync(Topics.Alarm(postId), PayloadCodec.Encode(new AlarmMessage
        {
            AlarmId = alarmId,
            Test = test,
            Presses = 1,
            UptimeMs = 5234119 + alarmId,
            PressedAt = Clock.GetUtcNow().UtcDateTime,
            Snapshot = false,
        }));

    public async Task<JsonElement> GetJsonAsync(string path) => await Api.GetFromJsonAsync<JsonElement>(path);

    public async Task<string> MetricsAsync() => await Api.GetStringAsync("/metrics");

    /// <summary>
    /// Moves the clock and waits until a background check (supervision, escalation) that runs every
    /// <paramref name="interval"/> has run at its last tick: at most one interval before the new time.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by, Func<DateTimeOffset?> lastCheckedAt, TimeSpan interval)
    {
        // The service's timer must exist before the clock moves, or it misses this move.
        await FirstCheckAsync(lastCheckedAt);
        var before = lastCheckedAt();
        Clock.Advance(by);
        var now = Clock.GetUtcNow();
        try
        {
            await Eventually.WaitUntilAsync(() => lastCheckedAt() > before && lastCheckedAt() > now - interval, TimeSpan.FromSeconds(20), "a check ran after the clock moved");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last check at {lastCheckedAt():O}, clock at {now:O}. Log:{Environment.NewLine}{string.Join(Environment.NewLine, App.Logs.Entries.TakeLast(30))}", ex);
        }
    }

    /// <summary>Waits for a background service's first check, which it makes at start.</summary>
    public static Task FirstCheckAsync(Func<DateTimeOffset?> lastCheckedAt) =>
        Eventually.WaitUntilAsync(() => lastCheckedAt() is not null, TimeSpan.FromSeconds(20), "the first check ran");

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }
}
