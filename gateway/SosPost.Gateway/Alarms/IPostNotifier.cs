using SosPost.Protocol;

namespace SosPost.Gateway.Alarms;

/// <summary>
/// Sends the gateway's messages to a post: alarm states, event acknowledgements, commands. Each call
/// queues the message and returns at once; what a post misses it asks for again (see each method).
/// </summary>
public interface IPostNotifier
{
    /// <summary>The state is already stored; a post that misses it re-sends its alarm and is answered again.</summary>
    void AlarmStateChanged(string postId, long alarmId, AlarmState state, DateTimeOffset at);

    /// <summary>The event is stored; a post that misses the acknowledgement re-sends the event and is acknowledged again.</summary>
    void EventStored(string postId, long eventId);

    /// <summary>A command (heartbeat, self-test); a lost one is simply sent again by whoever asked for it.</summary>
    void SendCommand(string postId, CommandMessage command);
}
