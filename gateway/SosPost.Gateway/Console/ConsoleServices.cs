using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway.Console;

public static class ConsoleServices
{
    /// <summary>
    /// Cookie login for the console and /api/*. Secure by default: every request needs a logged-in
    /// user unless its endpoint says AllowAnonymous (/health, /login); that covers the static console files.
    /// </summary>
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleUsers>();
        services.AddSingleton<LoginThrottle>();
        services.TryAddStore<ILoginFailureStore, SqliteLoginFailureStore, Storage.Postgres.PostgresLoginFailureStore>();
        services.TryAddStore<IAlarmResolutionStore, SqliteAlarmResolutionStore, Storage.Postgres.PostgresAlarmResolutionStore>();
        services.AddSingleton<ConsoleFiles>();
        services.AddHostedService<ConsoleUsersCheck>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.Cookie.Name = "sospost.console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict; // with JSON-only APIs, what stops cross-site requests
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => ApiAnswers(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAnswers(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = StillConfigured;
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddConsolePolicies();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new UtcTime.JsonConverter()));
        return services;
    }

    /// <summary>
    /// A login cookie lives for hours and across restarts: it counts only while its user is still
    /// configured with the same role, so removing a user or changing a role takes effect at once.
    /// </summary>
    private static Task StillConfigured(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<ConsoleUsers>();
        var name = context.Principal?.Identity?.Name;
        var user = name is null ? null : users.Find(name);
        // A cookie from before CSRF tokens (no token claim) counts as logged out: the next login makes one.
        if (user is null || !context.Principal!.IsInRole(user.Role) || context.Principal.FindAll(ClaimTypes.Role).Count() != 1
            || context.Principal.FindFirst(ConsoleCsrf.ClaimType) is null)
        {
            context.RejectPrincipal();
        }

        return Task.CompletedTask;
    }

    /// <summary>Browsers are sent to the login page; API clients get a status code they can act on.</summary>
    private static Task ApiAnswers(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
