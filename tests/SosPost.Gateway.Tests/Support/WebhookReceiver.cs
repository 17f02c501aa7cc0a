using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (free port) standing in for a dispatch centre's webhook or CAP receiver. It
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
            using var raw = new MemoryStream();
            await context.Request.Body.CopyToAsync(raw, context.RequestAborted);
            var bytes = raw.ToArray();
            var status = Respond(number);
            var headers = context.Request.Headers;
            var signature = headers.TryGetValue("SosPost-Signature", out var value) ? value.ToString() : null;
            _requests.Enqueue(new Request(number, DateTimeOffset.UtcNow, headers["Idempotency-Key"].ToString(), context.Request.ContentType, System.Text.Encoding.UTF8.GetString(bytes), status, bytes, signature));
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

    /// <summary>One request: <c>RawBody</c> is the body's bytes as received (signatures are over these), <c>Signature</c> the SosPost-Signature header or null.</summary>
    public sealed record Request(int Number, DateTimeOffset At, string IdempotencyKey, string? ContentType, string Body, int AnsweredStatus, byte[] RawBody, string? Signature);
}
