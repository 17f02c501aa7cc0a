using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch.Sia;

public static class SiaServices
{
    /// <summary>The SIA client and its NULL supervision; the sink itself is listed by <see cref="DispatchServices"/> when <c>Gateway:Sia:Host</c> is set.</summary>
    public static IServiceCollection AddSia(this IServiceCollection services)
    {
        services.AddSingleton(sp => SiaClient.From(sp.GetRequiredService<IOptions<SiaOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SiaSupervision>();
        return services;
    }

    /// <summary>The sia sink when configured; read once options are validated.</summary>
    public static IEnumerable<IDispatchSink> ConfiguredSinks(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<SiaOptions>>().Value.Enabled)
        {
            yield return ActivatorUtilities.CreateInstance<SiaSink>(services);
        }
    }
}
