namespace SosPost.Firmware.Core;

/// <summary>
/// Turns the panic button's level and latched edge into presses. The edge comes from the adapter (a GPIO
/// interrupt, itself debounced by the pin driver), so a jab shorter than a tick still counts; the level is
/// debounced here and decides how long the button is held: for the hold time, the technician's long
/// press and the stuck-button limit. A button that stays down makes one press and then one stuck trouble,
/// never a stream of alarms.
/// </summary>
public sealed class ButtonWatcher
{
    private readonly long _debounceMs;
    private readonly long _holdMs;
    private readonly long _stuckMs;
    private readonly long _technicianMs;

    private bool _rawLevel;
    private long _rawSinceMs;
    private bool _down;
    private long _downSinceMs;

    private bool _inPress;
    private bool _pressDecided;
    private long _pressStartMs;
    private bool _stuck;

    public ButtonWatcher(PostConfig config)
    {
        _debounceMs = config.ButtonDebounceMs;
        _holdMs = config.ButtonHoldMs;
        _stuckMs = config.StuckButtonMs;
        _technicianMs = config.SelfTestPressMs;
    }

    /// <summary>The debounced level: the button is held down.</summary>
    public bool IsDown => _down;

    /// <summary>When the latest press began: an alarm after a hold time still reports the moment of the touch.</summary>
    public long PressStartMs => _pressStartMs;

    /// <summary>The button is held past the stuck limit (until released).</summary>
    public bool IsStuck => _stuck;

    /// <summary>
    /// One tick. <paramref name="cabinetOpen"/>: a technician may be at the post, so a press is decided at its
    /// release (an alarm) or once it is held for the self-test time (the self-test), not at its start.
    /// </summary>
    public ButtonEvent Update(long now, bool level, bool edge, bool cabinetOpen)
    {
        if (level != _rawLevel)
        {
            _rawLevel = level;
            _rawSinceMs = now;
        }

        if (_rawLevel != _down && now - _rawSinceMs >= _debounceMs)
        {
            _down = _rawLevel;
            _downSinceMs = now;
        }

        if (_stuck)
        {
            if (_down)
            {
                return ButtonEvent.None;
            }

            _stuck = false;
            _inPress = false;
            return ButtonEvent.Unstuck;
        }

        if (!_inPress && (edge || _down))
        {
            _inPress = true;
            _pressDecided = false;
            _pressStartMs = _down ? _downSinceMs : now;
        }

        if (!_inPress)
        {
            return ButtonEvent.None;
        }

        // Not yet debounced down, but the raw level is: still the same press.
        var held = _down || _rawLevel;
        var heldMs = now - _pressStartMs;
        if (held && _down && now - _downSinceMs >= _stuckMs)
        {
            _stuck = true;
            return ButtonEvent.Stuck;
        }

        var result = ButtonEvent.None;
        if (!_pressDecided)
        {
            if (cabinetOpen)
            {
                if (!held)
                {
                    result = heldMs >= _holdMs ? ButtonEvent.Press : ButtonEvent.None;
                }
                else if (heldMs >= _technicianMs)
                {
                    result = ButtonEvent.TechnicianPress;
                    _pressDecided = true;
                }
            }
            else if (_holdMs == 0 || (held && heldMs >= _holdMs))
            {
                result = ButtonEvent.Press;
                _pressDecided = true;
            }
        }

        if (!held)
        {
            _inPress = false;
        }

        return result;
    }
}
