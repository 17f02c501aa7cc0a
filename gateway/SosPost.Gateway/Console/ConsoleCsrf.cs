using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace SosPost.Gateway.Console;

/// <summary>
/// Cross-site request forgery protection on top of the SameSite=Strict login cookie: every POST, PUT, PATCH and
/// DELETE of a logged-in user must carry the login's token in the <c>X-CSRF-Token</c> header (or, for a plain
/// HTML form such as logout, a <c>csrfToken</c> form field). The token is made at login and kept inside the
/// encrypted login cookie, so a cookie planted by another site cannot stand in for it; the browser script and
/// the CLI read it from the <c>sospost.csrf</c> cookie, which is not HttpOnly for that reason.
/// </summary>
public static class ConsoleCsrf
{
    public const string HeaderName = "X-CSRF-Token";
    public const string FormField = "csrfToken";
    public const string CookieName = "sospost.csrf";
    public const string ClaimType = "sospost:csrf";

    /// <summary>A new token for a login: 32 random bytes, URL-safe base64.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hands the token to the page's script (and the CLI) in a cookie readable by them, same lifetime as the login.</summary>
    public static void IssueCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = false, // read by console.js; useless to another site, which cannot read our cookies
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });

    /// <summary>Refuses a state-changing request of a logged-in user without the right token (403).</summary>
    public static IApplicationBuilder UseConsoleCsrf(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var token = context.User.FindFirstValue(ClaimType);
        if (context.User.Identity?.IsAuthenticated != true || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method) || request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase))
        {
            // A logged-in page whose token cookie went missing (cleared by hand) gets it back on its next read.
            if (token is not null && HttpMethods.IsGet(request.Method) && !request.Cookies.ContainsKey(CookieName))
            {
                IssueCookie(context, token);
            }

            await next(context);
            return;
        }

        string? sent = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(sent) && request.HasFormContentType)
        {
            sent = (await request.ReadFormAsync(context.RequestAborted))[FormField];
        }

        if (token is null || string.IsNullOrEmpty(sent) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(token)))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleCsrf)).LogWarning(
                "Refused {Method} {Path} of user {UserName}: missing or wrong CSRF token", request.Method, request.Path.Value, context.User.Identity.Name);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(
                new { error = $"missing or wrong CSRF token: send the {CookieName} cookie's value in the {HeaderName} header (log in again if it is missing)" },
                context.RequestAborted);
            return;
        }

        await next(context);
    });
}
