using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// The beacon lamp's current sense. The lamp is only looked at while it is commanded on and has been for
/// <see cref="PostConfig.LampCheckDelayMs"/>; lit time without current is summed across blinks (the idle
/// blip is short) until <see cref="PostConfig.LampFailAfterMs"/>, then "lamp" is raised. Any current seen
/// restores it. A post that cannot see its lamp has told nobody the beacon is dark: that is the trouble.
/// </summary>
public sealed class LampMonitor
{
    private readonly IDigitalInput? _sense;
    private readonly long _checkDelayMs;
    private readonly long _failAfterMs;
    private bool _wasLit;
    private long _litSinceMs;
    private long _lastCheckMs;
    private long _darkLitMs;
    private bool _measured;

    public LampMonitor(IDigitalInput? sense, PostConfig config)
    {
        _sense = sense;
        _checkDelayMs = config.LampCheckDelayMs;
        _failAfterMs = config.LampFailAfterMs;
    }

    /// <summary>The "lamp" trouble is raised.</summary>
    public bool Failed { get; private set; }

    /// <summary>A <see cref="LampHealth"/> value for the heartbeat.</summary>
    public string Health => !_measured ? LampHealth.Unknown : Failed ? LampHealth.Failed : LampHealth.Ok;

    /// <summary>The lamp draws current right now (self-test); false without a sense input.</summary>
    public bool DrawsCurrent => _sense != null && _sense.IsActive;

    public bool IsMonitored => _sense != null;

    /// <summary>One tick; <paramref name="lit"/> is the beacon output as commanded this tick.</summary>
    public void Update(long now, bool lit, EventOutbox troubles)
    {
        if (_sense == null)
        {
            return;
        }

        if (lit && !_wasLit)
        {
            _litSinceMs = now;
            _lastCheckMs = now + _checkDelayMs;
        }

        _wasLit = lit;
        if (!lit || now - _litSinceMs < _checkDelayMs)
        {
            return;
        }

        if (_sense.IsActive)
        {
            _measured = true;
            _darkLitMs = 0;
            if (Failed)
            {
                Failed = false;
                troubles.Report(TroubleType.Lamp, false, now);
            }
        }
        else if (!Failed)
        {
            _darkLitMs += now - _lastCheckMs;
            if (_darkLitMs >= _failAfterMs)
            {
                _measured = true;
                Failed = true;
                troubles.Report(TroubleType.Lamp, true, now);
            }
        }

        _lastCheckMs = now;
    }
}
