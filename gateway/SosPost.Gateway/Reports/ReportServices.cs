using Microsoft.Extensions.DependencyInjection.Extensions;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Reports;

public static class ReportServices
{
    /// <summary>The self-test compliance report's store (<c>Gateway:Compliance</c>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<ISelfTestHistory, SqliteSelfTestHistory>();
        return services;
    }
}
