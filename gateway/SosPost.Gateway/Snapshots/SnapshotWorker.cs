using System.Data.Common;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// Takes the pictures <see cref="SnapshotQueue"/> asks for, <see cref="SnapshotOptions.MaxParallelFetches"/> at a
/// time, so one dead camera holds up no other post's picture. A failure that may pass is tried again after
/// <see cref="SnapshotOptions.RetryDelay"/> (doubling) up to <see cref="SnapshotOptions.MaxAttempts"/>. A stored
/// picture wakes the relay: follow-up deliveries may be due. Alarms never wait for any of this.
/// </summary>
public sealed class SnapshotWorker(
    SnapshotQueue queue,
    SnapshotFetcher fetcher,
    ISnapshotStore store,
    DispatchSinks sinks,
    DispatchSignal signal,
    SnapshotMetrics metrics,
    IOptions<SnapshotOptions> options,
    TimeProvider time,
    ILogger<SnapshotWorker> logger) : BackgroundService
{
    private long _completed;

    /// <summary>Pictures finished so far, stored or failed (tests wait on it instead of sleeping).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxParallelFetches).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await TakeAsync(job, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (DbException ex)
                {
                    metrics.Failed(SnapshotFailure.StoreFailed);
                    logger.LogWarning(ex, "Could not store the camera picture of alarm {AlarmRowId} of post {PostId}", job.AlarmRowId, job.PostId);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Taking the camera picture of alarm {AlarmRowId} of post {PostId} failed", job.AlarmRowId, job.PostId);
                }

                Interlocked.Increment(ref _completed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: pictures still waiting are not taken; their alarms are stored and delivered regardless.
        }
    }

    private async Task TakeAsync(SnapshotJob job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var credential = settings.CredentialFor(job.Group);
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var fetch = await fetcher.FetchAsync(job.Camera, credential, cancellationToken);
            if (fetch.Image is { } image)
            {
                var pictureTargets = sinks.All.Where(sink => sink.CarriesSnapshots).Select(sink => sink.Target).ToList();
                if (await store.SaveAsync(job.AlarmRowId, image, attempt, pictureTargets, cancellationToken))
                {
                    metrics.Stored();
                    signal.Notify();
                    logger.LogInformation(
                        "Camera picture of alarm {AlarmRowId} of post {PostId} stored ({ContentType}, {Size} bytes, attempt {Attempt})",
                        job.AlarmRowId, job.PostId, image.ContentType, image.Bytes.Length, attempt);
                }

                return;
            }

            if (!fetch.Transient || attempt >= settings.MaxAttempts)
            {
                await store.RecordFailureAsync(job.AlarmRowId, time.GetUtcNow(), attempt, $"{fetch.Failure}: {fetch.Reason}", cancellationToken);
                metrics.Failed(fetch.Failure!);
                logger.LogWarning(
                    "No camera picture for alarm {AlarmRowId} of post {PostId} after {Attempts} attempts: {SnapshotFailure}: {Reason}",
                    job.AlarmRowId, job.PostId, attempt, fetch.Failure, fetch.Reason);
                return;
            }

            logger.LogInformation(
                "Camera of post {PostId} failed attempt {Attempt} for alarm {AlarmRowId}: {SnapshotFailure}: {Reason}; trying again in {Delay}",
                job.PostId, attempt, job.AlarmRowId, fetch.Failure, fetch.Reason, delay);
            await Task.Delay(delay, time, cancellationToken);
            delay += delay;
        }
    }
}
