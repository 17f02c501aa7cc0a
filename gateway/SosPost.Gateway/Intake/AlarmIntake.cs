using System.Data.Common;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Storage;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Gateway.Intake;

/// <summary>
/// Handles one message from the broker: topic, size, payload, known post; then an alarm is stored
/// before the post is told "received", a status updates the online map, and what a post reports about
/// itself goes to <see cref="PostReportIntake"/>. Never throws: a bad message is counted and logged,
/// and the broker connection stays up.
/// </summary>
/// <remarks>
/// Group commit: a message's commits do not wait for the disk, and the broker's acknowledgement and every answer
/// to the post wait for the next flush instead (<see cref="GroupCommit"/>), which covers all the messages handled
/// meanwhile. One disk flush per burst, not one per write, is what lets a storm through.
/// </remarks>
public sealed class AlarmIntake(
    IPostRegistry registry,
    IPostStore posts,
    IAlarmStore alarms,
    PostReportIntake reports,
    DispatchSinks sinks,
    DispatchSignal dispatch,
    IPostNotifier notifier,
    Snapshots.SnapshotQueue snapshots,
    Supervision.PostSupervision supervision,
    Security.MessageVerifier verifier,
    IStoreDurability durability,
    GroupCommit groupCommit,
    IntakeMetrics metrics,
    TimeProvider time,
    ILogger<AlarmIntake> logger)
{
    /// <summary>Longer than a post shows "dispatched" (10 minutes), so every post still showing it is covered.</summary>
    public static readonly TimeSpan ReannounceWindow = TimeSpan.FromMinutes(15);

    public async Task HandleAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        if (!Topics.TryParse(message.Topic, out var postId, out var kind)
            || kind is not (TopicKind.Alarm or TopicKind.Heartbeat or TopicKind.Status or TopicKind.Event or TopicKind.SelfTest))
        {
            Reject(RejectReason.UnknownTopic, message.Topic, postId: null);
            return;
        }

        if (message.Payload.Length > ProtocolConstants.MaxPayloadBytes)
        {
            Reject(RejectReason.TooLarge, message.Topic, postId);
            return;
        }

        using (durability.DeferFlush())
        {
            await HandleAuthenticAsync(postId, kind, message, cancellationToken);
        }

        message.AcknowledgeWhen(groupCommit.WhenDurable());
    }

    private async Task HandleAuthenticAsync(string postId, TopicKind kind, MqttMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var payload = message.Payload.ToArray();
            if (!await AuthenticAsync(postId, kind, message, payload, cancellationToken))
            {
                return;
            }

            switch (kind)
            {
                case TopicKind.Alarm:
                    if (Decoded(PayloadCodec.TryDecodeAlarm(payload, out var alarm, out var reason), reason, message.Topic, postId))
                    {
                        await AcceptAlarmAsync(postId, alarm!, cancellationToken);
                    }

                    break;
                case TopicKind.Heartbeat:
                    if (Decoded(PayloadCodec.TryDecodeHeartbeat(payload, out var heartbeat, out reason), reason, message.Topic, postId))
                    {
                        await reports.AcceptHeartbeatAsync(postId, heartbeat!, cancellationToken);
                    }

                    break;
                case TopicKind.Event:
                    if (Decoded(PayloadCodec.TryDecodeEvent(payload, out var trouble, out reason), reason, message.Topic, postId))
                    {
                        await reports.AcceptEventAsync(postId, trouble!, cancellationToken);
                    }

                    break;
                case TopicKind.SelfTest:
                    if (Decoded(PayloadCodec.TryDecodeSelfTest(payload, out var selfTest, out reason), reason, message.Topic, postId))
                    {
                        await reports.AcceptSelfTestAsync(postId, selfTest!, cancellationToken);
                    }

                    break;
                default:
                    if (Decoded(PayloadCodec.TryDecodeStatus(payload, out var status, out reason), reason, message.Topic, postId))
                    {
                        await AcceptStatusAsync(postId, status!, message.Retain, cancellationToken);
                    }

                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down. Not acknowledged, not answered: the broker or the post sends it again.
        }
        catch (DbException ex)
        {
            logger.LogError(ex, "Could not store the message on {Topic} from post {PostId}; the post sends it again until it is answered", message.Topic, postId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Intake failed on the message on {Topic} from post {PostId}", message.Topic, postId);
        }
    }

    // Before anything reads the payload: a forged or replayed message is never answered, stored or acted on.
    private async Task<bool> AuthenticAsync(string postId, TopicKind kind, MqttMessage message, byte[] payload, CancellationToken cancellationToken)
    {
        switch (await verifier.CheckAsync(postId, message.Topic, kind, payload, message.Retain, cancellationToken))
        {
            case Security.MessageCheck.Accepted:
                return true;
            case Security.MessageCheck.BadMac:
                Reject(RejectReason.BadMac, message.Topic, postId);
                return false;
            case Security.MessageCheck.Replay:
                Reject(RejectReason.Replay, message.Topic, postId);
                return false;
            default:
                logger.LogDebug("Retained status of post {PostId} was taken before; ignored", postId);
                return false;
        }
    }

    private bool Decoded(bool decoded, string? reason, string topic, string postId)
    {
        if (!decoded)
        {
            Reject(reason ?? RejectReason.BadField, topic, postId);
            return false;
        }

        if (registry.Find(postId) is null)
        {
            Reject(RejectReason.UnknownPost, topic, postId);
            return false;
        }

        return true;
    }

    private async Task AcceptAlarmAsync(string postId, AlarmMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pressedAt = UtcTime.FromProtocol(message.PressedAt);
        var estimated = pressedAt is null
            ? PressTime.Estimate(message.UptimeMs, await posts.GetPresenceAsync(postId, cancellationToken), now)
            : null;
        var alarm = new NewAlarm(postId, message.AlarmId, message.Kind, message.Test, message.Presses, message.UptimeMs, pressedAt, estimated, message.Snapshot, now);

        var recorded = await alarms.RecordAsync(alarm, sinks.TargetsFor(alarm), cancellationToken);

        // Only now, with the alarm durable, may the post drop it from its outbox.
        notifier.AlarmStateChanged(postId, message.AlarmId, recorded.State, recorded.StateAt);
        await supervision.HeardAsync(postId, now, cancellationToken);
        metrics.AlarmAccepted(recorded.IsNew);
        if (recorded.IsNew)
        {
            dispatch.Notify();

            // Stored, answered and on its way: only now the camera picture, which nothing waits for.
            snapshots.Request(recorded.RowId, postId);
            if (!alarm.Test)
            {
                metrics.PressToReceived(alarm.PressedAt ?? alarm.PressedAtEstimated, alarm.ReceivedAt);
            }

            logger.LogInformation(
                "Alarm {AlarmId} from post {PostId} recorded as {AlarmRowId} (test {Test}, presses {Presses}){NotForwarded}",
                message.AlarmId, postId, recorded.RowId, message.Test, message.Presses, message.Test ? "; a test alarm, forwarded to no dispatch target" : string.Empty);
            if (recorded.AlarmIdReused)
            {
                logger.LogWarning(
                    "Post {PostId} used alarm id {AlarmId} before for another press: recorded as a new alarm; its alarm counter restarted (replaced board or lost flash)",
                    postId, message.AlarmId);
            }
        }
        else
        {
            logger.LogInformation("Alarm {AlarmId} from post {PostId} was sent again; answered {AlarmState}", message.AlarmId, postId, recorded.State);
        }
    }

    private async Task AcceptStatusAsync(string postId, StatusMessage status, bool retained, CancellationToken cancellationToken)
    {
        // A retained status is as old as the post's last connect: it says online or not, but neither
        // when the post was seen nor what its uptime is now.
        var now = time.GetUtcNow();
        var fresh = !retained;
        await posts.UpdatePresenceAsync(
            new PostPresence(
                postId,
                status.Online,
                status.Firmware,
                fresh ? now : null,
                fresh && status.Online ? status.UptimeMs : null,
                fresh && status.Online ? now : null,
                status.Online ? status.ConfigHash : null),
            cancellationToken);
        logger.LogInformation("Post {PostId} is {PostStatus}{Retained}", postId, status.Online ? "online" : "offline", retained ? " (retained)" : string.Empty);
        if (!status.Online)
        {
            // Posts publish "offline" only as their last will; a retained one is a will published while we were away.
            await supervision.LastWillAsync(postId, now, cancellationToken);
        }
        else if (fresh)
        {
            await supervision.HeardAsync(postId, now, cancellationToken);
        }

        if (status.Online)
        {
            await ReannounceDispatchedAsync(postId, now, cancellationToken);
        }
    }

    /// <summary>
    /// A post no longer re-sends an alarm once it is received, so a "dispatched" it missed (the gateway
    /// restarted with the notice still queued, or the post was away) would never reach it. A post
    /// publishes "online" after subscribing, and a gateway gets every retained "online" when it
    /// subscribes: either way the post can hear it now.
    /// </summary>
    private async Task ReannounceDispatchedAsync(string postId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var alarm in await alarms.DispatchedSinceAsync(postId, now - ReannounceWindow, cancellationToken))
        {
            notifier.AlarmStateChanged(postId, alarm.AlarmId, AlarmState.Dispatched, alarm.DispatchedAt!.Value);
        }
    }

    private void Reject(string reason, string topic, string? postId)
    {
        metrics.Rejected(reason);
        logger.LogWarning("Rejected message on {Topic} from post {PostId}: {RejectReason}", topic, postId, reason);
    }
}
