using SosPost.Gateway.Alarms;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Registry;
using SosPost.Protocol;

namespace SosPost.Gateway.SelfTests;

public static class SelfTestsApi
{
    /// <summary>
    /// <c>POST /api/posts/{id}/selftest</c>: sends the post the <c>selftest</c> command and answers 202 with
    /// the command's id, which the report will carry; 404 for a post not in the registry. The result shows
    /// in <c>GET /api/posts</c> as the post's latest self-test.
    /// </summary>
    public static IEndpointRouteBuilder MapSelfTestsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/posts/{id}/selftest", StartAsync).RequireAuthorization(ConsoleRoles.MaintainPosts);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(
        string id, HttpContext context, IPostRegistry registry, IPostNotifier notifier, IAuditLog audit, TimeProvider time, ILoggerFactory loggers)
    {
        if (registry.Find(id) is null)
        {
            return Results.NotFound();
        }

        // Unique enough to tell a technician's repeated tests apart, short enough for a post's log line.
        var command = new CommandMessage { Command = CommandMessage.SelfTest, Id = "c-" + Guid.NewGuid().ToString("N")[..12] };
        notifier.SendCommand(id, command);
        loggers.CreateLogger(typeof(SelfTestsApi)).LogInformation(
            "Self-test {SelfTestId} of post {PostId} requested by {UserName}", command.Id, id, context.User.Identity?.Name ?? "unknown");
        await audit.RecordAsync(context, time, AuditActions.SelfTest, id, "command " + command.Id);
        return Results.Accepted(value: new { postId = id, id = command.Id });
    }
}
