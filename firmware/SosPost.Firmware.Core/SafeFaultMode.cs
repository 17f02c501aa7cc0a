namespace SosPost.Firmware.Core;

/// <summary>
/// What a post runs when it cannot run <see cref="PostCore"/> (no or bad config file, wrong board): the
/// fault beacon, so nobody mistakes it for a working post; the problem in the log once a minute; and the
/// watchdog fed, because a restart loop would help nobody. Tick-driven like the core; the device and
/// simulator hosts call <see cref="Tick"/> from their own loop.
/// </summary>
public sealed class SafeFaultMode
{
    public const long ReportEveryMs = 60000;

    private readonly IClock _clock;
    private readonly IDigitalOutput? _beacon;
    private readonly ISystemControl? _system;
    private readonly ILog _log;
    private readonly long _startMs;
    private long _reportedAtMs;
    private bool _lit;

    /// <summary>Starts showing the fault; <paramref name="problem"/> is what is wrong, in words a technician can act on.</summary>
    public SafeFaultMode(string problem, IClock clock, IDigitalOutput? beacon, ISystemControl? system, ILog log)
    {
        Problem = problem;
        _clock = clock;
        _beacon = beacon;
        _system = system;
        _log = log;
        _startMs = clock.NowMs;
        _reportedAtMs = _startMs;
        _log.Error("FAULT: " + problem);
        _lit = BeaconPattern.IsLit(BeaconState.Fault, 0);
        _beacon?.Set(_lit);
    }

    public string Problem { get; }

    public void Tick()
    {
        var now = _clock.NowMs;
        var lit = BeaconPattern.IsLit(BeaconState.Fault, now - _startMs);
        if (lit != _lit)
        {
            _lit = lit;
            _beacon?.Set(lit);
        }

        if (now - _reportedAtMs >= ReportEveryMs)
        {
            _reportedAtMs = now;
            _log.Error("FAULT: " + Problem);
        }

        _system?.FeedWatchdog();
    }
}
