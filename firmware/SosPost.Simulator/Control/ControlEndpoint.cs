using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator.Control;

/// <summary>
/// The loopback-only HTTP endpoint that drives the virtual posts and reports them: GET /posts,
/// GET /posts/{id}; POST /posts/{id}/press, /hold?ms=N, /release, /tamper?open=, /mains?present=,
/// /battery?mv=, /lamp?failed=. Every POST answers with the post's status after a tick has seen the change.
/// </summary>
internal static class ControlEndpoint
{
    public const int DefaultPort = 5081;

    /// <summary>The longest hold: longer than any stuck-button limit a post accepts (1 h).</summary>
    public const int MaxHoldMs = 3_600_000;

    public const int MaxBatteryMv = 60_000;

    public static WebApplication Build(SimulatorHost host, int port, LogLevel minimumLevel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(minimumLevel < LogLevel.Warning ? LogLevel.Warning : minimumLevel);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        app.MapGet("/posts", () => host.Posts.Select(p => p.Status).ToList());
        app.MapGet("/posts/{id}", (string id) =>
            host.Find(id) is { } post ? Results.Ok(post.Status) : Results.NotFound());
        app.MapPost("/posts/{id}/press", (string id, CancellationToken ct) => ChangeAsync(host, id, p => p.PressAsync(), ct));
        app.MapPost("/posts/{id}/hold", (string id, int? ms, CancellationToken ct) =>
            ms is >= 1 and <= MaxHoldMs
                ? ChangeAsync(host, id, p => p.HoldAsync(TimeSpan.FromMilliseconds(ms.Value)), ct)
                : Task.FromResult(BadRequest("ms must be from 1 to " + MaxHoldMs)));
        app.MapPost("/posts/{id}/release", (string id, CancellationToken ct) => ChangeAsync(host, id, p => p.ReleaseAsync(), ct));
        app.MapPost("/posts/{id}/tamper", (string id, bool? open, CancellationToken ct) =>
            open is { } o ? ChangeAsync(host, id, p => p.SetCabinetOpenAsync(o), ct) : Task.FromResult(BadRequest("open=true|false is needed")));
        app.MapPost("/posts/{id}/mains", (string id, bool? present, CancellationToken ct) =>
            present is { } m ? ChangeAsync(host, id, p => p.SetMainsPresentAsync(m), ct) : Task.FromResult(BadRequest("present=true|false is needed")));
        app.MapPost("/posts/{id}/battery", (string id, int? mv, CancellationToken ct) =>
            mv is >= 0 and <= MaxBatteryMv
                ? ChangeAsync(host, id, p => p.SetBatteryAsync(mv.Value), ct)
                : Task.FromResult(BadRequest("mv must be from 0 to " + MaxBatteryMv)));
        app.MapPost("/posts/{id}/lamp", (string id, bool? failed, CancellationToken ct) =>
            failed is { } f ? ChangeAsync(host, id, p => p.SetLampFailedAsync(f), ct) : Task.FromResult(BadRequest("failed=true|false is needed")));
        return app;
    }

    // Answers with the state after the core has seen the change (next tick, ~20 ms).
    private static async Task<IResult> ChangeAsync(SimulatorHost host, string id, Func<VirtualPost, Task> change, CancellationToken ct)
    {
        if (host.Find(id) is not { } post)
        {
            return Results.NotFound();
        }

        await change(post).WaitAsync(TimeSpan.FromSeconds(5), ct);
        return Results.Ok(post.Status);
    }

    private static IResult BadRequest(string problem) => Results.BadRequest(new { error = problem });
}
