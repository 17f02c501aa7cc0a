using System;
using System.Threading;
using SosPost.Firmware.Core;
using SosPost.Protocol;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// A software watchdog. nanoFramework has no managed watchdog API and its ESP32 images start no hardware
/// watchdog for managed code (../shared/nanoframework-api/NOTES.md section 11), so a supervisor thread at
/// the highest priority restarts the post when the tick loop stops feeding it. It covers a hung or dead
/// managed thread; it cannot cover a native call that never returns (that stops every managed thread,
/// this one too): hardware/README.md describes the external watchdog that would.
/// </summary>
internal sealed class Watchdog
{
    private const int CheckEveryMs = 1000;

    private readonly ISystemControl _system;
    private readonly int _timeoutMs;
    private int _feeds;

    public Watchdog(ISystemControl system, int timeoutMs)
    {
        _system = system;
        _timeoutMs = timeoutMs;
    }

    public void Start()
    {
        var thread = new Thread(Supervise);
        thread.Priority = ThreadPriority.Highest;
        thread.Start();
    }

    /// <summary>Called by the tick loop; one interlocked increment, never blocks.</summary>
    public void Feed()
    {
        Interlocked.Increment(ref _feeds);
    }

    private void Supervise()
    {
        var seen = Interlocked.CompareExchange(ref _feeds, 0, 0);
        var fedAt = Environment.TickCount64;
        while (true)
        {
            Thread.Sleep(CheckEveryMs);
            var feeds = Interlocked.CompareExchange(ref _feeds, 0, 0);
            var now = Environment.TickCount64;
            if (feeds != seen)
            {
                seen = feeds;
                fedAt = now;
            }
            else if (now - fedAt >= _timeoutMs)
            {
                _system.Restart(ResetReason.Watchdog, "tick loop not fed for " + (now - fedAt) + " ms");
                return;
            }
        }
    }
}
