namespace SosPost.Protocol;

/// <summary>How far the gateway has got with an alarm.</summary>
public enum AlarmState
{
    /// <summary>Stored durably by the gateway; the post may drop it from its outbox.</summary>
    Received = 1,

    /// <summary>A dispatcher acknowledged it: help is coming.</summary>
    Dispatched = 2,
}
