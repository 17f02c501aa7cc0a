namespace SosPost.Protocol;

/// <summary>The gateway has stored the event (sos/v1/{id}/event/ack): the post may drop it from its outbox.</summary>
public sealed class EventAckMessage
{
    public long EventId { get; set; }
}
