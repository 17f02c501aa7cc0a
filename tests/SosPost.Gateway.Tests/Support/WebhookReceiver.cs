using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (free port) standing in for a dispatch centre's webhook. It
/// answers each request with the status <see cref="Respond"/> picks for the request's number (1, 2, ...).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Request> _requests = new();
    private int _count;

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/dispatch", async context =>
        {
            var number = Interlocked.Increment(ref _count);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var status = Respond(number);
            _requests.Enqueue(new Request(number, DateTimeOffset.UtcNow, context.Request.Headers["Idempotency-Key"].ToString(), context.Request.ContentType, body, status));
            context.Response.StatusCode = status;
        });
    }

    /// <summary>Status code for request number n; 200 unless a test says otherwise.</summary>
    public Func<int, int> Respond { get; set; } = _ => 200;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<Request> Requests => [.. _requests.OrderBy(r => r.Number)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/dispatch");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Request(int Number, DateTimeOffset At, string IdempotencyKey, string? ContentType, string Body, int AnsweredStatus);
}
