using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace SosPost.Gateway.Console;

public static class ConsoleEndpoints
{
    /// <summary>Authentication, then the console's static files (which the fallback policy protects).</summary>
    public static WebApplication UseConsole(this WebApplication app)
    {
        var files = app.Services.GetRequiredService<ConsoleFiles>().Provider;
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }

    /// <summary><c>GET /login</c>, <c>POST /login</c> (form: userName, password, returnUrl), <c>POST /logout</c>.</summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", LoginPage).AllowAnonymous();
        endpoints.MapPost("/login", LoginAsync).AllowAnonymous();
        endpoints.MapPost("/logout", LogoutAsync);
        return endpoints;
    }

    private static IResult LoginPage(ConsoleFiles files)
    {
        var page = files.Provider.GetFileInfo("login.html");
        return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> LoginAsync(HttpContext context, ConsoleUsers users)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = IsLocal(form["returnUrl"]) ? form["returnUrl"].ToString() : "/";
        var userName = users.SignIn(form["userName"].ToString().Trim(), form["password"].ToString());
        if (userName is null)
        {
            return Results.Redirect("/login?error=1&returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        context.Response.Redirect("/login");
    }

    /// <summary>Only paths on this site, never //host or /\host, so the login cannot redirect elsewhere.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
