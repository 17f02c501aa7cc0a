using System.Data.Common;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Maintenance;

namespace SosPost.Gateway.Supervision;

/// <summary>
/// Every <see cref="SupervisionOptions.CheckInterval"/>, marks offline the posts heard from nothing for
/// <see cref="SupervisionOptions.OfflineAfter"/>. A post whose broker connection hangs half-open has no last will
/// published for minutes, and a post behind a broken uplink may never have one: only silence tells.
/// </summary>
public sealed class SupervisionService(
    IPostSupervisionStore store,
    MaintenanceMetrics metrics,
    IOptions<SupervisionOptions> options,
    TimeProvider time,
    ILogger<SupervisionService> logger) : BackgroundService
{
    private long _lastCheckedTicks;

    /// <summary>The clock's time when the last finished check began; null before the first (tests wait on it instead of sleeping).</summary>
    public DateTimeOffset? LastCheckedAt => Interlocked.Read(ref _lastCheckedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;

        // A gateway that has just started has not listened long enough to call anyone silent.
        var listeningSince = time.GetUtcNow();
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        try
        {
            do
            {
                var startedAt = time.GetUtcNow();
                await CheckAsync(listeningSince, settings.OfflineAfter, stoppingToken);
                Interlocked.Exchange(ref _lastCheckedTicks, startedAt.UtcTicks);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task CheckAsync(DateTimeOffset listeningSince, TimeSpan offlineAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - listeningSince < offlineAfter)
        {
            return;
        }

        try
        {
            foreach (var post in await store.MarkSilentAsync(now - offlineAfter, now, cancellationToken))
            {
                if (post.AlertRaised)
                {
                    metrics.Raised(MaintenanceAlertType.Offline);
                }

                logger.LogWarning(
                    "Post {PostId} is offline: nothing heard since {LastSeen} ({OfflineAfter} without a heartbeat); maintenance alert raised",
                    post.PostId, post.LastSeen is { } seen ? UtcTime.ToText(seen) : "the gateway started", offlineAfter);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Supervision could not read the store; checking again in {Delay}", options.Value.CheckInterval);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Supervision check failed; checking again in {Delay}", options.Value.CheckInterval);
        }
    }
}
