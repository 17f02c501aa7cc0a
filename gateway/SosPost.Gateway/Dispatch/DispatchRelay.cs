using System.Data.Common;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// Works the outbox: takes due pending rows, hands each to its target's sink, and records the outcome.
/// Woken by <see cref="DispatchSignal"/> when rows are added, otherwise sleeps until the next row is due
/// or the sweep interval passes. Rows live in the database, so a restart resumes where it stopped. A row
/// the target rejects, or that fails <see cref="DispatchOptions.MaxAttempts"/> times, is dead-lettered.
/// A target that carries camera pictures gets the alarm's picture with it when it is stored by then; an alarm
/// delivered without it is followed by the picture (<see cref="Snapshots.ISnapshotStore.MarkDeliveredWithoutSnapshotAsync"/>).
/// </summary>
public sealed class DispatchRelay(
    IDispatchOutbox outbox,
    DispatchSinks sinks,
    DispatchSignal signal,
    IPostRegistry registry,
    Snapshots.ISnapshotStore snapshots,
    Snapshots.SnapshotLinks links,
    DispatchMetrics metrics,
    Storage.IStoreDurability durability,
    Storage.GroupCommit groupCommit,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DispatchRelay> logger) : BackgroundService
{
    private long _completedPasses;

    /// <summary>Passes over the outbox finished so far (tests wait on it instead of sleeping).</summary>
    public long CompletedPasses => Interlocked.Read(ref _completedPasses);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (sinks.Targets.Count == 0)
        {
            logger.LogInformation("No dispatch targets configured; alarms are stored and shown in the console only");
            return;
        }

        logger.LogInformation("Dispatch relay started for targets {Targets}", string.Join(", ", sinks.Targets));
        var sweep = options.Value.SweepInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunPassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException ex)
            {
                logger.LogWarning(ex, "Dispatch relay could not read the outbox; trying again in {Delay}", sweep);
                wait = sweep;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dispatch relay pass failed; trying again in {Delay}", sweep);
                wait = sweep;
            }

            Interlocked.Increment(ref _completedPasses);
            if (wait > TimeSpan.Zero)
            {
                await signal.WaitAsync(wait, time, stoppingToken);
            }
        }
    }

    /// <summary>One pass; returns how long to sleep unless signalled.</summary>
    private async Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var due = await outbox.TakeDueAsync(sinks.Targets, time.GetUtcNow(), settings.BatchSize, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelDeliveries, CancellationToken = cancellationToken };

        // The outcomes are written without waiting for the disk and put on disk by the next group flush, which the
        // relay does not wait for: the next alarm's delivery must not queue behind an fsync. (An outcome lost to a
        // power cut only means the row is delivered again under the same idempotency key.)
        using (durability.DeferFlush())
        {
            await Parallel.ForEachAsync(due, parallel, async (envelope, ct) => await DeliverAsync(envelope, ct));
        }

        if (due.Count > 0)
        {
            _ = groupCommit.WhenDurable();
        }

        if (due.Count == settings.BatchSize)
        {
            return TimeSpan.Zero;
        }

        var next = await outbox.NextDueAsync(sinks.Targets, cancellationToken);
        var untilNext = next is { } at ? at - time.GetUtcNow() : settings.SweepInterval;
        return untilNext < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(untilNext.Ticks, settings.SweepInterval.Ticks));
    }

    private async Task DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken)
    {
        var sink = sinks.Find(envelope.Target)!;
        var alarm = envelope.Alarm;
        envelope = envelope with { Post = registry.Find(alarm.PostId) };
        var attempts = envelope.Attempts + 1;
        var what = envelope.Kind == OutboxKind.Snapshot ? "the picture of alarm" : "alarm";
        DeliveryResult result;
        try
        {
            if (sink.CarriesSnapshots && await snapshots.GetAsync(alarm.Id, cancellationToken) is { } picture)
            {
                envelope = envelope with { Snapshot = picture, SnapshotUrl = links.Create(alarm.Id)?.Url };
            }

            result = envelope.Kind == OutboxKind.Snapshot && envelope.Snapshot is null
                ? DeliveryResult.Rejected("the target does not carry pictures (any more), or the picture is gone")
                : await sink.DeliverAsync(envelope, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutting down: the row stays pending and is delivered after the restart
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Sink {Target} threw delivering alarm {AlarmId} of post {PostId}", envelope.Target, alarm.AlarmId, alarm.PostId);
            result = DeliveryResult.RetryLater($"{ex.GetType().Name}: {ex.Message}");
        }

        metrics.Attempted(envelope.Target, result.Outcome);
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                if (sink.CarriesSnapshots && envelope.Kind == OutboxKind.Alarm && envelope.Snapshot is null)
                {
                    // The picture follows if it was stored while this delivery was on its way.
                    await snapshots.MarkDeliveredWithoutSnapshotAsync(envelope.OutboxId, attempts, now, cancellationToken);
                }
                else
                {
                    await outbox.MarkDeliveredAsync(envelope.OutboxId, attempts, now, cancellationToken);
                }

                if (envelope.Kind == OutboxKind.Alarm)
                {
                    metrics.Delivered(envelope.Target, now - alarm.ReceivedAt);
                }

                logger.LogInformation(
                    "Delivered {What} {AlarmId} of post {PostId} to {Target} on attempt {Attempt}{WithPicture}",
                    what, alarm.AlarmId, alarm.PostId, envelope.Target, attempts, envelope.Kind == OutboxKind.Alarm && envelope.Snapshot is not null ? ", with its camera picture" : string.Empty);
                break;
            case DeliveryOutcome.RetryLater when attempts < options.Value.MaxAttempts:
                var delay = sink.Backoff.After(attempts, Random.Shared.NextDouble());
                await outbox.MarkRetryAsync(envelope.OutboxId, attempts, now + delay, result.Reason!, cancellationToken);
                logger.LogWarning(
                    "Delivery of {What} {AlarmId} of post {PostId} to {Target} failed on attempt {Attempt}: {Reason}; next attempt in {Delay}",
                    what, alarm.AlarmId, alarm.PostId, envelope.Target, attempts, result.Reason, delay);
                break;
            default:
                // Rejected for good, or out of attempts: loud, because this alarm has not reached this target.
                await outbox.MarkDeadAsync(envelope.OutboxId, attempts, result.Reason!, cancellationToken);
                metrics.DeadLettered(envelope.Target);
                logger.LogError(
                    "Delivery of {What} {AlarmId} of post {PostId} to {Target} is dead after {Attempts} attempts ({DeadReason}): {LastError}; an operator must retry it (POST /api/dispatch/{OutboxId}/retry)",
                    what,
                    alarm.AlarmId,
                    alarm.PostId,
                    envelope.Target,
                    attempts,
                    result.Outcome == DeliveryOutcome.Rejected ? "rejected by the target" : "out of attempts",
                    result.Reason,
                    envelope.OutboxId);
                break;
        }
    }
}
