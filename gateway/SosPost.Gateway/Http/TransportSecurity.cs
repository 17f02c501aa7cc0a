using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Console;

namespace SosPost.Gateway.Http;

/// <summary>
/// HTTPS by default outside the demo. The certificate and HTTPS listeners are Kestrel's standard configuration
/// (<c>Kestrel:Endpoints</c>, <c>Kestrel:Certificates:Default</c>; docs/operations.md); this adds the refusal of
/// plain HTTP off loopback (<see cref="ConsoleOptions.AllowPlainHttp"/>) and HSTS on HTTPS responses. The login
/// cookies are <c>Secure</c> whenever the request came over HTTPS (ConsoleServices, ConsoleCsrf).
/// </summary>
public static class TransportSecurity
{
    public static IServiceCollection AddTransportSecurity(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ConsoleOptions>, PlainHttpCheck>();
        services.AddHostedService<PlainHttpGuard>();
        services.AddOptions<HstsOptions>().Configure<IOptions<ConsoleOptions>>((hsts, console) =>
        {
            hsts.MaxAge = console.Value.HstsMaxAge;
            hsts.IncludeSubDomains = false; // other sites of the operator's domain are not ours to pin

            // ASP.NET Core leaves out localhost, 127.0.0.1 and [::1]. Browsers ignore the header on an IP address anyway;
            // only the name localhost is left out, so a browser that once saw https://localhost still opens the demo.
            hsts.ExcludedHosts.Clear();
            hsts.ExcludedHosts.Add("localhost");
        });
        return services;
    }

    /// <summary>First in the pipeline, so every HTTPS response carries Strict-Transport-Security (plain HTTP ones never do).</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        app.UseHsts();
        return app;
    }
}
