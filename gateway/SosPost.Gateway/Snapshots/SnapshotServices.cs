namespace SosPost.Gateway.Snapshots;

public static class SnapshotServices
{
    /// <summary>Camera pictures of alarms: the queue intake feeds, the worker that fetches and stores them, the links to them.</summary>
    public static IServiceCollection AddSnapshots(this IServiceCollection services)
    {
        services.AddSingleton<SnapshotMetrics>();
        services.AddSingleton<SnapshotFetcher>();
        services.AddSingleton<SnapshotQueue>();
        services.AddSingleton<SnapshotWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotWorker>());
        return services;
    }
}
