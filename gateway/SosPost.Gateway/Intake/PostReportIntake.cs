using SosPost.Gateway.Alarms;
using SosPost.Gateway.Events;
using SosPost.Gateway.Registry;
using SosPost.Gateway.SelfTests;
using SosPost.Protocol;

namespace SosPost.Gateway.Intake;

/// <summary>
/// What a post reports about itself, decoded and from a known post: a heartbeat updates its health, a
/// trouble event is stored and only then acknowledged, a self-test report is stored.
/// </summary>
public sealed class PostReportIntake(
    IPostStore posts,
    IEventStore events,
    ISelfTestStore selfTests,
    IPostNotifier notifier,
    Supervision.PostSupervision supervision,
    Maintenance.TroubleAlerts troubleAlerts,
    TimeProvider time,
    ILogger<PostReportIntake> logger)
{
    public async Task AcceptHeartbeatAsync(string postId, HeartbeatMessage heartbeat, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await supervision.HeardAsync(postId, now, cancellationToken);
        var health = new PostHealth(
            heartbeat.Link,
            heartbeat.RssiDbm == HeartbeatMessage.NoRssi ? null : heartbeat.RssiDbm,
            heartbeat.MainsPresent,
            heartbeat.BatteryMv,
            heartbeat.Tamper,
            heartbeat.Lamp,
            heartbeat.FreeMemoryBytes,
            heartbeat.LastReset,
            heartbeat.Outbox,
            now,
            heartbeat.Refused == HeartbeatMessage.NotReported ? null : heartbeat.Refused);
        await posts.UpdatePresenceAsync(
            new PostPresence(postId, true, heartbeat.Firmware, now, heartbeat.UptimeMs, now, heartbeat.ConfigHash, health),
            cancellationToken);
    }

    public async Task AcceptEventAsync(string postId, EventMessage message, CancellationToken cancellationToken)
    {
        var postEvent = new PostEvent(postId, message.EventId, message.Type, message.Active, message.UptimeMs, UtcTime.FromProtocol(message.At), time.GetUtcNow());
        var isNew = await events.RecordAsync(postEvent, cancellationToken);

        // Before the acknowledgement: should this fail, the post sends the event again and the alert is tried again.
        await troubleAlerts.ApplyAsync(postEvent, cancellationToken);

        // Only now, with the event durable, may the post drop it from its outbox; a re-send is acknowledged again.
        notifier.EventStored(postId, message.EventId);
        await supervision.HeardAsync(postId, postEvent.ReceivedAt, cancellationToken);
        if (isNew)
        {
            logger.LogInformation(
                "Post {PostId} trouble {TroubleType} {TroubleState} (event {EventId})",
                postId, message.Type, message.Active ? "raised" : "restored", message.EventId);
        }
        else
        {
            logger.LogInformation("Event {EventId} from post {PostId} was sent again; acknowledged again", message.EventId, postId);
        }
    }

    public async Task AcceptSelfTestAsync(string postId, SelfTestMessage message, CancellationToken cancellationToken)
    {
        var report = new SelfTestReport(
            postId,
            message.Id,
            message.Trigger,
            message.Ok,
            message.Lamp,
            message.Camera,
            message.Link,
            message.Storage,
            message.LinkRttMs == SelfTestMessage.NoRoundTrip ? null : message.LinkRttMs,
            message.UptimeMs,
            UtcTime.FromProtocol(message.At),
            time.GetUtcNow());
        await supervision.HeardAsync(postId, report.ReceivedAt, cancellationToken);
        if (await selfTests.RecordAsync(report, cancellationToken))
        {
            logger.LogInformation(
                "Post {PostId} self-test {SelfTestId} ({SelfTestTrigger}) {SelfTestResult}: lamp {Lamp}, camera {Camera}, link {Link}, storage {Storage}",
                postId, message.Id, message.Trigger, message.Ok ? "passed" : "FAILED", message.Lamp, message.Camera, message.Link, message.Storage);
        }
    }
}
