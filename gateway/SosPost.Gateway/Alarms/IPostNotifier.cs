using SosPost.Protocol;

namespace SosPost.Gateway.Alarms;

/// <summary>Tells a post how far its alarm has got (the alarm/state topic).</summary>
public interface IPostNotifier
{
    /// <summary>
    /// Queues the message and returns at once: the state is already stored, and a post that misses it
    /// re-sends its alarm and is answered again.
    /// </summary>
    void AlarmStateChanged(string postId, long alarmId, AlarmState state, DateTimeOffset at);
}
