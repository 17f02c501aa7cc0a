using System;

namespace SosPost.Protocol;

/// <summary>The topic tree of docs/protocol.md: building topics for a post and recognising them.</summary>
public static class Topics
{
    public const int MaxPostIdLength = 32;

    /// <summary>Gateways share alarms through this subscription.</summary>
    public const string SharedAlarms = "$share/" + ProtocolConstants.SharedGroup + "/" + ProtocolConstants.TopicRoot + "+/" + AlarmLevel;

    /// <summary>Gateways share heartbeats through this subscription.</summary>
    public const string SharedHeartbeats = "$share/" + ProtocolConstants.SharedGroup + "/" + ProtocolConstants.TopicRoot + "+/" + HeartbeatLevel;

    /// <summary>Gateways share trouble events through this subscription.</summary>
    public const string SharedEvents = "$share/" + ProtocolConstants.SharedGroup + "/" + ProtocolConstants.TopicRoot + "+/" + EventLevel;

    /// <summary>Gateways share self-test reports through this subscription.</summary>
    public const string SharedSelfTests = "$share/" + ProtocolConstants.SharedGroup + "/" + ProtocolConstants.TopicRoot + "+/" + SelfTestLevel;

    /// <summary>Not shared: retained status messages are not delivered to shared subscriptions.</summary>
    public const string AllStatus = ProtocolConstants.TopicRoot + "+/" + StatusLevel;

    private const string AlarmLevel = "alarm";
    private const string HeartbeatLevel = "heartbeat";
    private const string StatusLevel = "status";
    private const string AlarmStateLevels = "alarm/state";
    private const string CommandLevel = "cmd";
    private const string EventLevel = "event";
    private const string EventAckLevels = "event/ack";
    private const string SelfTestLevel = "selftest";

    public static string Alarm(string postId) => Build(postId, AlarmLevel);

    public static string Heartbeat(string postId) => Build(postId, HeartbeatLevel);

    public static string Status(string postId) => Build(postId, StatusLevel);

    public static string AlarmState(string postId) => Build(postId, AlarmStateLevels);

    public static string Command(string postId) => Build(postId, CommandLevel);

    public static string Event(string postId) => Build(postId, EventLevel);

    public static string EventAck(string postId) => Build(postId, EventAckLevels);

    public static string SelfTest(string postId) => Build(postId, SelfTestLevel);

    /// <summary>
    /// Recognises a topic of the table. False (post id empty, kind None) for any other topic,
    /// including extra or missing levels and malformed post ids.
    /// </summary>
    public static bool TryParse(string topic, out string postId, out TopicKind kind)
    {
        postId = string.Empty;
        kind = TopicKind.None;
        if (topic == null || !topic.StartsWith(ProtocolConstants.TopicRoot))
        {
            return false;
        }

        var idStart = ProtocolConstants.TopicRoot.Length;
        var slash = topic.IndexOf('/', idStart);
        if (slash < 0)
        {
            return false;
        }

        var id = topic.Substring(idStart, slash - idStart);
        if (!IsValidPostId(id))
        {
            return false;
        }

        var rest = topic.Substring(slash + 1);
        var found = KindOf(rest);
        if (found == TopicKind.None)
        {
            return false;
        }

        postId = id;
        kind = found;
        return true;
    }

    /// <summary>1 to 32 characters of A-Z, 0-9 and '-', starting with a letter or digit.</summary>
    public static bool IsValidPostId(string? postId)
    {
        if (postId == null || postId.Length == 0 || postId.Length > MaxPostIdLength)
        {
            return false;
        }

        for (var i = 0; i < postId.Length; i++)
        {
            var c = postId[i];
            var letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && (c != '-' || i == 0))
            {
                return false;
            }
        }

        return true;
    }

    private static TopicKind KindOf(string levels)
    {
        if (levels == AlarmLevel)
        {
            return TopicKind.Alarm;
        }

        if (levels == HeartbeatLevel)
        {
            return TopicKind.Heartbeat;
        }

        if (levels == StatusLevel)
        {
            return TopicKind.Status;
        }

        if (levels == AlarmStateLevels)
        {
            return TopicKind.AlarmState;
        }

        if (levels == CommandLevel)
        {
            return TopicKind.Command;
        }

        if (levels == EventLevel)
        {
            return TopicKind.Event;
        }

        if (levels == EventAckLevels)
        {
            return TopicKind.EventAck;
        }

        return levels == SelfTestLevel ? TopicKind.SelfTest : TopicKind.None;
    }

    private static string Build(string postId, string levels)
    {
        if (!IsValidPostId(postId))
        {
            throw new ArgumentException("Malformed post id.", nameof(postId));
        }

        return ProtocolConstants.TopicRoot + postId + "/" + levels;
    }
}
