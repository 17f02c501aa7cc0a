using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Reports;

public static class ReportServices
{
    /// <summary>The self-test compliance report's store (<c>Gateway:Compliance</c>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddStore<ISelfTestHistory, SqliteSelfTestHistory, Storage.Postgres.PostgresSelfTestHistory>();
        return services;
    }
}
