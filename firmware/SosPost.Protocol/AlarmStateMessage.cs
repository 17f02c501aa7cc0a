using System;

namespace SosPost.Protocol;

/// <summary>The gateway tells the post how far its alarm has got (sos/v1/{id}/alarm/state).</summary>
public sealed class AlarmStateMessage
{
    public long AlarmId { get; set; }

    public AlarmState State { get; set; } = AlarmState.Received;

    /// <summary>The gateway's UTC time of that state.</summary>
    public DateTime At { get; set; } = DateTime.MinValue;
}
