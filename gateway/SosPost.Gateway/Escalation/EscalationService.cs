using System.Data.Common;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Escalation;

/// <summary>
/// Every <see cref="EscalationOptions.CheckInterval"/>, escalates the real alarms no dispatcher acknowledged within
/// <see cref="EscalationOptions.After"/> of their arrival, and wakes the relay to deliver them. The store decides
/// (escalation time and outbox row in one transaction), so a restart neither loses nor repeats an escalation.
/// </summary>
public sealed class EscalationService(
    IEscalationStore store,
    DispatchSignal signal,
    EscalationMetrics metrics,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<EscalationService> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private long _lastCheckedTicks;

    /// <summary>The clock's time when the last finished check began; null before the first (tests wait on it instead of sleeping).</summary>
    public DateTimeOffset? LastCheckedAt => Interlocked.Read(ref _lastCheckedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        logger.LogInformation("Alarms not acknowledged within {EscalateAfter} are escalated to the escalation target", settings.After);
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        try
        {
            do
            {
                var startedAt = time.GetUtcNow();
                await CheckAsync(settings, stoppingToken);
                Interlocked.Exchange(ref _lastCheckedTicks, startedAt.UtcTicks);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task CheckAsync(EscalationOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var escalated = await store.EscalateDueAsync(now - settings.After, now, EscalationSink.TargetName, BatchSize, cancellationToken);
                if (escalated.Count == 0)
                {
                    return;
                }

                metrics.Escalated(escalated.Count);
                signal.Notify();
                foreach (var alarm in escalated)
                {
                    logger.LogWarning(
                        "Alarm {AlarmId} of post {PostId} escalated: no dispatcher acknowledged it within {EscalateAfter} of {ReceivedAt}",
                        alarm.AlarmId, alarm.PostId, settings.After, UtcTime.ToText(alarm.ReceivedAt));
                }

                if (escalated.Count < BatchSize)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Escalation could not read the store; checking again in {Delay}", settings.CheckInterval);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Escalation check failed; checking again in {Delay}", settings.CheckInterval);
        }
    }
}
