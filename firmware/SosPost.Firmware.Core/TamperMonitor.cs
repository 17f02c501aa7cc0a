namespace SosPost.Firmware.Core;

/// <summary>The cabinet door switch: "tamper" raised while it is open, restored when it closes.</summary>
public sealed class TamperMonitor
{
    private readonly IDigitalInput? _door;
    private readonly SettledCondition _open;

    public TamperMonitor(IDigitalInput? door, PostConfig config)
    {
        _door = door;
        _open = new SettledCondition(config.TroubleSettleMs, false);
    }

    /// <summary>The cabinet is open (settled), as the trouble event and the heartbeat say.</summary>
    public bool IsOpen => _open.IsTrue;

    /// <summary>The switch reads open right now (not settled): a technician's long press needs no wait.</summary>
    public bool ReadsOpen => _door != null && _door.IsActive;

    public void Update(long now, EventOutbox troubles)
    {
        if (_door != null && _open.Update(now, _door.IsActive))
        {
            troubles.Report(Protocol.TroubleType.Tamper, _open.IsTrue, now);
        }
    }
}
