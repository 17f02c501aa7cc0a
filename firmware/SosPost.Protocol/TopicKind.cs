namespace SosPost.Protocol;

public enum TopicKind
{
    None,
    Alarm,
    Heartbeat,
    Status,
    AlarmState,
    Command,
    Event,
    EventAck,
    SelfTest,
}
