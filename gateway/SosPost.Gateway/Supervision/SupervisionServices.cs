using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Supervision;

public static class SupervisionServices
{
    /// <summary>Offline by last will or by missed heartbeats, with maintenance alerts (<c>Gateway:Supervision</c>).</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.TryAddStore<IPostSupervisionStore, SqliteSupervisionStore, Storage.Postgres.PostgresSupervisionStore>();
        services.AddSingleton<PostSupervision>();
        services.AddSingleton<SupervisionService>();
        services.AddHostedService(sp => sp.GetRequiredService<SupervisionService>());
        return services;
    }
}
