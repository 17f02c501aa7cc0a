using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SosPost.Chaos.Tests.Support;

/// <summary>
/// A webhook receiver that knows which gateway sent each request (every gateway gets its own URL,
/// <c>/dispatch/{gateway}</c>) and can hold one gateway's requests unanswered, as a dispatch centre that stalls
/// on one connection would. A held request is never answered with 2xx, so a gateway killed while held has no
/// accepted-but-unrecorded delivery: the at-least-once window is closed by construction.
/// </summary>
internal sealed class GatewayAwareReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly ConcurrentDictionary<int, Request> _open = new();
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    private GatewayAwareReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/dispatch/{gateway}", async (HttpContext context, string gateway) =>
        {
            var number = Interlocked.Increment(ref _count);
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            var started = new Request(number, DateTimeOffset.UtcNow, gateway, key, Status: null);
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            if (_held.ContainsKey(gateway))
            {
                _open[number] = started;
                try
                {
                    // Until the gateway gives up (timeout) or dies (connection reset), or the test ends.
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                    await Task.Delay(Timeout.Infinite, either.Token);
                }
                catch (OperationCanceledException)
                {
                    _open.TryRemove(number, out _);
                    _requests.Enqueue(started with { Status = Aborted });
                    return;
                }
            }

            _requests.Enqueue(started with { Status = 200 });
            context.Response.StatusCode = 200;
        });
    }

    /// <summary>Status recorded for a request that was held until the gateway hung up.</summary>
    public const int Aborted = -1;

    public string BaseUrl { get; private set; } = null!;

    /// <summary>Finished requests (answered or abandoned), in arrival order.</summary>
    public IReadOnlyList<Request> Requests => [.. _requests.OrderBy(r => r.Number)];

    /// <summary>Requests being held right now.</summary>
    public IReadOnlyList<Request> Open => [.. _open.Values.OrderBy(r => r.Number)];

    public static async Task<GatewayAwareReceiver> StartAsync()
    {
        var receiver = new GatewayAwareReceiver();
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>The webhook URL to give gateway <paramref name="gateway"/>.</summary>
    public string UrlFor(string gateway) => BaseUrl + "/dispatch/" + gateway;

    /// <summary>From now on, requests from <paramref name="gateway"/> get no answer.</summary>
    public void Hold(string gateway) => _held[gateway] = 0;

    /// <summary>Accepted (200) requests per alarm, over all gateways.</summary>
    public Dictionary<AlarmKey, int> Accepted() =>
        Requests.Where(r => r.Status == 200).GroupBy(r => AlarmKey.FromIdempotencyKey(r.IdempotencyKey)).ToDictionary(g => g.Key, g => g.Count());

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>One request: <c>Status</c> 200, <see cref="Aborted"/>, or null while it is held.</summary>
    public sealed record Request(int Number, DateTimeOffset At, string Gateway, string IdempotencyKey, int? Status);
}
