using Microsoft.Extensions.Options;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Escalation;

public static class EscalationServices
{
    /// <summary>Escalation of unacknowledged alarms (<c>Gateway:Escalation</c>); its sink is listed by the dispatch sinks as a relay-only target.</summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        services.TryAddStore<IEscalationStore, SqliteEscalationStore, Storage.Postgres.PostgresEscalationStore>();
        services.AddHttpClient(EscalationSink.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<EscalationOptions>>().Value.Webhook.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("SosPost-Gateway/" + typeof(EscalationServices).Assembly.GetName().Version?.ToString(3));
        });
        services.AddSingleton<EscalationMetrics>();
        services.AddSingleton<EscalationService>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationService>());
        return services;
    }

    /// <summary>The escalation sink when <c>Gateway:Escalation:Webhook:Url</c> is set; read once options are validated.</summary>
    public static IEnumerable<Dispatch.IDispatchSink> ConfiguredSinks(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EscalationOptions>>().Value;
        if (options.Enabled)
        {
            yield return new EscalationSink(services.GetRequiredService<IHttpClientFactory>(), options.Webhook, services.GetRequiredService<TimeProvider>());
        }
    }
}
