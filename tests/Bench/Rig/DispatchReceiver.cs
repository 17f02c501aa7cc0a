using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SosPost.Bench.Rig;

/// <summary>
/// The dispatch centre's webhook: Kestrel on loopback, answering 200 and noting when each alarm first arrived
/// (a Stopwatch timestamp of this process, so it compares with the press times the posts noted).
/// </summary>
internal sealed class DispatchReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string PostId, long AlarmId), long> _arrivals = new();
    private int _requests;

    private DispatchReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/dispatch", ReceiveAsync);
    }

    public Uri Url { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public int DistinctAlarms => _arrivals.Count;

    public static async Task<DispatchReceiver> StartAsync()
    {
        var receiver = new DispatchReceiver();
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/dispatch");
        return receiver;
    }

    public bool TryGetArrival(string postId, long alarmId, out long timestamp) => _arrivals.TryGetValue((postId, alarmId), out timestamp);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requests);
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var postId = body.RootElement.GetProperty("postId").GetString()!;
        var alarmId = body.RootElement.GetProperty("alarmId").GetInt64();
        _arrivals.TryAdd((postId, alarmId), now);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
