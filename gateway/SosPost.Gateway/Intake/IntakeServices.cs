using SosPost.Gateway.Security;

namespace SosPost.Gateway.Intake;

public static class IntakeServices
{
    /// <summary>The broker connection, intake of everything posts send, and the notifier that answers them.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddMessageAuth();
        services.AddSingleton<GatewayMqtt>();
        services.AddSingleton<IntakeMetrics>();
        services.AddSingleton<PostReportIntake>();
        services.AddSingleton<AlarmIntake>();
        services.AddSingleton<MqttPostNotifier>();
        services.AddSingleton<Alarms.IPostNotifier>(sp => sp.GetRequiredService<MqttPostNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<MqttPostNotifier>());
        services.AddHostedService<IntakeService>();
        return services;
    }
}
