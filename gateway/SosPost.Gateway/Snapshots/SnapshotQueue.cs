using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Snapshots;

/// <summary>
/// New alarms whose post has a camera, waiting for <see cref="SnapshotWorker"/>. Bounded and never waited on:
/// intake hands an alarm over after it is stored and answered, and a full queue costs that alarm its picture
/// (recorded, counted, logged), never the alarm or its delivery.
/// </summary>
public sealed class SnapshotQueue(
    IOptions<SnapshotOptions> options,
    IPostRegistry registry,
    ISnapshotStore store,
    SnapshotMetrics metrics,
    TimeProvider time,
    ILogger<SnapshotQueue> logger)
{
    private readonly Lazy<Channel<SnapshotJob>> _channel = new(() => Channel.CreateBounded<SnapshotJob>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = false }));

    internal ChannelReader<SnapshotJob> Reader => _channel.Value.Reader;

    /// <summary>Asks for the picture of a new alarm; false when its post has no camera or the queue is full. Returns at once.</summary>
    public bool Request(long alarmRowId, string postId)
    {
        if (registry.Find(postId) is not { Camera: { } camera } post)
        {
            return false;
        }

        if (_channel.Value.Writer.TryWrite(new SnapshotJob(alarmRowId, post.Id, post.Group, camera)))
        {
            return true;
        }

        metrics.Failed(SnapshotFailure.QueueFull);
        logger.LogWarning(
            "No camera picture for alarm {AlarmRowId} of post {PostId}: {QueueCapacity} pictures are waiting already (Gateway:Snapshot:QueueCapacity)",
            alarmRowId, postId, options.Value.QueueCapacity);
        _ = RecordDroppedAsync(alarmRowId);
        return false;
    }

    private async Task RecordDroppedAsync(long alarmRowId)
    {
        try
        {
            await store.RecordFailureAsync(alarmRowId, time.GetUtcNow(), 0, $"{SnapshotFailure.QueueFull}: too many pictures waiting", CancellationToken.None);
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Could not record the missing picture of alarm {AlarmRowId}", alarmRowId);
        }
    }
}

/// <summary>A picture to take: the alarm, its post, the post's group (for the login) and camera.</summary>
public sealed record SnapshotJob(long AlarmRowId, string PostId, string Group, Uri Camera);
