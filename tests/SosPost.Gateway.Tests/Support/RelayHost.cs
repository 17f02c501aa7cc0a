using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// The gateway's registry, store and dispatch features, composed as Program composes them but
/// without intake and console: what the relay tests need, with no broker.
/// </summary>
public sealed class RelayHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RelayHost(IHost host, LogCollector logs)
    {
        _host = host;
        Logs = logs;
    }

    public LogCollector Logs { get; }

    public IServiceProvider Services => _host.Services;

    public DispatchRelay Relay => Services.GetRequiredService<DispatchRelay>();

    /// <summary>Starts the host; <c>services</c> runs after the gateway's registrations, so a test can replace one (a sink).</summary>
    public static async Task<RelayHost> StartAsync(TempDirectory directory, Uri webhook, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Gateway:Store:SqlitePath"] = directory.DatabasePath,
            ["Gateway:Security:MasterKey"] = SosPost.Testing.TestKeys.MasterHex,
            ["Gateway:Registry:SeedFile"] = TestPosts.WriteFile(directory),
            ["Gateway:Webhook:Url"] = webhook.ToString(),
            ["Gateway:Webhook:InitialBackoff"] = "00:00:00.200",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:01",
            ["Gateway:Webhook:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        var logs = new LogCollector();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services
            .AddGatewayOptions(builder.Configuration)
            .AddRegistry()
            .AddAlarmStore()
            .AddDispatch()
            .AddSnapshots();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new RelayHost(host, logs);
    }

    /// <summary>Records an alarm as intake does: store (alarm + outbox rows), wake the relay, then ask for the camera picture.</summary>
    public async Task<RecordResult> RecordAsync(NewAlarm alarm)
    {
        var result = await Services.GetRequiredService<IAlarmStore>().RecordAsync(alarm, Services.GetRequiredService<DispatchSinks>().TargetsFor(alarm), CancellationToken.None);
        Services.GetRequiredService<DispatchSignal>().Notify();
        if (result.IsNew)
        {
            Services.GetRequiredService<SnapshotQueue>().Request(result.RowId, alarm.PostId);
        }

        return result;
    }

    public async Task<DeliveryStatus> DeliveryAsync(long alarmRowId)
    {
        var alarms = await Services.GetRequiredService<IAlarmStore>().ListAsync(100, CancellationToken.None);
        return alarms.Single(a => a.Alarm.Id == alarmRowId).Deliveries.Single(d => d.Kind == OutboxKind.Alarm);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
