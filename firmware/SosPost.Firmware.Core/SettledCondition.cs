namespace SosPost.Firmware.Core;

/// <summary>
/// A yes/no reading that must hold for a settle time before it counts, so a door that rattles or a supply
/// that dips for a moment does not send a stream of raise/restore events.
/// </summary>
public sealed class SettledCondition
{
    private readonly long _settleMs;
    private bool _reading;
    private long _readingSinceMs;

    public SettledCondition(long settleMs, bool initial)
    {
        _settleMs = settleMs;
        IsTrue = initial;
        _reading = initial;
    }

    /// <summary>The settled value.</summary>
    public bool IsTrue { get; private set; }

    /// <summary>Feeds one reading; true when the settled value changed in this call.</summary>
    public bool Update(long now, bool reading)
    {
        if (reading != _reading)
        {
            _reading = reading;
            _readingSinceMs = now;
        }

        if (_reading != IsTrue && now - _readingSinceMs >= _settleMs)
        {
            IsTrue = _reading;
            return true;
        }

        return false;
    }
}
