namespace SosPost.Firmware.Core;

/// <summary>
/// Feeds the watchdog at the end of each tick that completed, and only while time moves: a tick that
/// throws feeds nothing, and a frozen clock (every timer of the post stopped) stops the feeding, so the
/// watchdog restarts a post that only looks alive.
/// </summary>
public sealed class WatchdogFeeder
{
    /// <summary>Ticks in a row without the clock moving before the feeding stops (about 20 s at 20 ms ticks).</summary>
    public const int MaxTicksWithoutTime = 1000;

    private readonly ISystemControl? _system;
    private long _lastNow = -1;
    private int _ticksWithoutTime;

    public WatchdogFeeder(ISystemControl? system)
    {
        _system = system;
    }

    public void TickCompleted(long now)
    {
        if (now != _lastNow)
        {
            _lastNow = now;
            _ticksWithoutTime = 0;
        }
        else if (_ticksWithoutTime < MaxTicksWithoutTime)
        {
            _ticksWithoutTime++;
        }

        if (_system != null && _ticksWithoutTime < MaxTicksWithoutTime)
        {
            _system.FeedWatchdog();
        }
    }
}
