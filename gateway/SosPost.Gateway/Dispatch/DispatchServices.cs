using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Dispatch.Sia;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Dispatch;

public static class DispatchServices
{
    /// <summary>The outbox relay and the configured sinks (webhook when <c>Gateway:Webhook:Url</c> is set, CAP when <c>Gateway:Cap:Url</c> is).</summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookSink.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("SosPost-Gateway/" + typeof(DispatchServices).Assembly.GetName().Version?.ToString(3));
        });
        services.AddHttpClient(CapSink.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<CapOptions>>().Value.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("SosPost-Gateway/" + typeof(DispatchServices).Assembly.GetName().Version?.ToString(3));
        });
        services.AddSia();
        services.AddSingleton(sp => new DispatchSinks(ConfiguredSinks(sp), sp.GetRequiredService<Registry.IPostRegistry>()));
        services.AddHostedService<DispatchGroupsCheck>();

        // The relay reads an alarm's camera picture and links to it; fetching pictures is AddSnapshots.
        services.TryAddStore<Snapshots.ISnapshotStore, Storage.SqliteSnapshotStore, Storage.Postgres.PostgresSnapshotStore>();
        services.TryAddSingleton<Snapshots.SnapshotLinks>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<DispatchMetrics>();
        services.AddSingleton<DispatchRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<DispatchRelay>());
        return services;
    }

    /// <summary>Deferred (an iterator) so options are read once they are validated.</summary>
    private static IEnumerable<IDispatchSink> ConfiguredSinks(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<WebhookOptions>>().Value.Enabled)
        {
            yield return ActivatorUtilities.CreateInstance<WebhookSink>(services);
        }

        if (services.GetRequiredService<IOptions<CapOptions>>().Value.Enabled)
        {
            yield return ActivatorUtilities.CreateInstance<CapSink>(services);
        }

        foreach (var sink in SiaServices.ConfiguredSinks(services))
        {
            yield return sink;
        }

        // Relay-only: it gets rows from escalation, never from a new alarm (IDispatchSink.EscalationOnly).
        foreach (var sink in Escalation.EscalationServices.ConfiguredSinks(services))
        {
            yield return sink;
        }

        // CAP 1.2, SIA DC-09 and other targets are added here, one sink class each.
    }
}
