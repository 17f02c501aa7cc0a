using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator.Control;

/// <summary>
/// The loopback-only HTTP endpoint that presses buttons and reports beacons:
/// GET /posts, GET /posts/{id}, POST /posts/{id}/press.
/// </summary>
internal static class ControlEndpoint
{
    public const int DefaultPort = 5081;

    public static WebApplication Build(SimulatorHost host, int port, LogLevel minimumLevel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(minimumLevel < LogLevel.Warning ? LogLevel.Warning : minimumLevel);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        app.MapGet("/posts", () => host.Posts.Select(p => p.Status).ToList());
        app.MapGet("/posts/{id}", (string id) =>
            host.Find(id) is { } post ? Results.Ok(post.Status) : Results.NotFound());
        app.MapPost("/posts/{id}/press", async (string id, CancellationToken ct) =>
        {
            if (host.Find(id) is not { } post)
            {
                return Results.NotFound();
            }

            // Answer with the state after the core has handled the press (next tick, ~20 ms).
            await post.PressAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);
            return Results.Ok(post.Status);
        });
        return app;
    }
}
