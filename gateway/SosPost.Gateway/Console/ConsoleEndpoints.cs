using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Audit;

namespace SosPost.Gateway.Console;

public static class ConsoleEndpoints
{
    /// <summary>After authentication (Program.cs): CSRF, roles, then the console's static files (which the fallback policy protects).</summary>
    public static WebApplication UseConsole(this WebApplication app)
    {
        var files = app.Services.GetRequiredService<ConsoleFiles>().Provider;
        app.UseConsoleCsrf();
        app.UseAuthorization();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }

    /// <summary>
    /// <c>GET /login</c>, <c>POST /login</c> (form: userName, password, returnUrl), <c>POST /logout</c>, and
    /// <c>GET /api/console</c>: who is logged in with which role, and the map settings.
    /// </summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", LoginPage).AllowAnonymous();
        endpoints.MapGet("/i18n.js", Dictionary).AllowAnonymous(); // the login page's words
        endpoints.MapPost("/login", LoginAsync).AllowAnonymous();
        endpoints.MapPost("/logout", LogoutAsync);
        endpoints.MapGet("/api/console", Session).RequireAuthorization(ConsoleRoles.SeePosts);
        return endpoints;
    }

    private static IResult Session(HttpContext context, IOptions<ConsoleOptions> options) => Results.Ok(new
    {
        userName = context.User.Identity?.Name,
        role = ConsoleRoles.All.FirstOrDefault(context.User.IsInRole),
        map = new { tileUrl = options.Value.MapTileUrl, attribution = options.Value.MapTileAttribution },
    });

    private static IResult LoginPage(ConsoleFiles files)
    {
        var page = files.Provider.GetFileInfo("login.html");
        return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8");
    }

    private static IResult Dictionary(ConsoleFiles files)
    {
        var script = files.Provider.GetFileInfo("i18n.js");
        return Results.Stream(script.CreateReadStream(), "text/javascript; charset=utf-8");
    }

    private static async Task<IResult> LoginAsync(HttpContext context, ConsoleUsers users, LoginThrottle throttle, IAuditLog audit, TimeProvider time)
    {
        // Anything but a well-formed form (JSON, a broken multipart body) is the caller's mistake, not a server error.
        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType
                ? await context.Request.ReadFormAsync(context.RequestAborted)
                : throw new InvalidDataException("not a form");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return Results.BadRequest(new { error = "the login is a form: userName, password (application/x-www-form-urlencoded or multipart/form-data)" });
        }

        var returnUrl = IsLocal(form["returnUrl"]) ? form["returnUrl"].ToString() : "/";
        var typedName = form["userName"].ToString().Trim();
        var from = Http.ClientAddress.TextOf(context);
        if (await throttle.RetryAfterAsync(typedName, from, context.RequestAborted) is { } wait)
        {
            // Checked before the password, so a guess made while throttled learns nothing.
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            await audit.RecordAsync(new AuditEntry(time.GetUtcNow(), typedName, AuditActions.LoginThrottled, Detail: $"from {from}, retry after {seconds} s"), context.RequestAborted);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Text($"Too many failed logins for this user name or from this address: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var user = users.SignIn(typedName, form["password"].ToString());
        if (user is null)
        {
            await throttle.FailedAsync(typedName, from, context.RequestAborted);
            await audit.RecordAsync(new AuditEntry(time.GetUtcNow(), typedName, AuditActions.LoginRefused, Detail: "from " + from), context.RequestAborted);
            return Results.Redirect("/login?error=1&returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        await throttle.SucceededAsync(typedName, context.RequestAborted);

        await audit.RecordAsync(new AuditEntry(time.GetUtcNow(), user.Name, AuditActions.Login, Detail: $"{user.Role} from {from}"), context.RequestAborted);
        var csrf = ConsoleCsrf.NewToken();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim(ConsoleCsrf.ClaimType, csrf)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        ConsoleCsrf.IssueCookie(context, csrf);
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        context.Response.Cookies.Delete(ConsoleCsrf.CookieName);
        context.Response.Redirect("/login");
    }

    /// <summary>Only paths on this site, never //host or /\host, so the login cannot redirect elsewhere.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
