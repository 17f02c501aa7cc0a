using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Metrics;

/// <summary>
/// Gauges whose values live in the store: <c>sospost.posts.online</c> and <c>sospost.dispatch.outbox{status}</c>.
/// An observable callback must not query a database, so a scrape refreshes them first (at most once per
/// <see cref="MetricsOptions.GaugeCacheFor"/>) and the callbacks read what was cached.
/// </summary>
public sealed class StoreGauges
{
    private readonly IPostStore _posts;
    private readonly IDispatchOutbox _outbox;
    private readonly IOptions<MetricsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreGauges> _logger;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _snapshot;

    public StoreGauges(IMeterFactory meters, IPostStore posts, IDispatchOutbox outbox, IOptions<MetricsOptions> options, TimeProvider time, ILogger<StoreGauges> logger)
    {
        (_posts, _outbox, _options, _time, _logger) = (posts, outbox, options, time, logger);
        var meter = meters.Create(GatewayMeter.Name);
        meter.CreateObservableGauge(
            "sospost.posts.online",
            () => _snapshot is { } s ? [new Measurement<long>(s.PostsOnline)] : Array.Empty<Measurement<long>>(),
            unit: "{post}",
            description: "Posts whose latest status is online");
        meter.CreateObservableGauge(
            "sospost.dispatch.outbox",
            () => _snapshot is { } s
                ? s.Outbox.Select(row => new Measurement<long>(row.Value, new KeyValuePair<string, object?>("status", row.Key)))
                : [],
            unit: "{delivery}",
            description: "Dispatch outbox rows by status (dead: waiting for an operator)");
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (_snapshot is { } s && now - s.At < _options.Value.GaugeCacheFor)
            {
                return;
            }

            var online = (await _posts.AllPresenceAsync(cancellationToken)).Count(p => p.Online);
            var outbox = await _outbox.CountByStatusAsync(cancellationToken);
            _snapshot = new Snapshot(now, online, outbox);
        }
        catch (DbException ex)
        {
            // The scrape still serves the counters; these gauges keep their last values (or stay absent).
            _logger.LogWarning(ex, "Could not read the store for the posts-online and outbox gauges");
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset At, long PostsOnline, IReadOnlyDictionary<string, long> Outbox);
}
