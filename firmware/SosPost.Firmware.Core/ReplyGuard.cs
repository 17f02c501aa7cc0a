using SosPost.Protocol.Security;

namespace SosPost.Firmware.Core;

/// <summary>
/// Lets through only what a gateway signed for this post, once (docs/protocol.md, "Messages to the post"): an alarm
/// state, event acknowledgement or command must carry the post's MAC and a counter this post has not taken. The
/// counters of all gateways come from one sequence per post in their shared store, so one anti-replay window
/// (<see cref="CounterWindow"/>) takes them all, slightly out of order too. The highest counter taken is kept in flash
/// (one write per accepted message, as rare as the alarms and events the post already writes), so a recorded
/// message replayed after a reboot is still refused; a new or wiped board starts from its provisioned
/// <see cref="PostConfig.MessageCounterStart"/>, less <see cref="StartMarginMicros"/>. What is refused is counted, logged
/// and changes nothing.
/// </summary>
public sealed class ReplyGuard
{
    /// <summary>Store key of the highest gateway counter taken.</summary>
    public const string StoreKey = "gw.counter";

    /// <summary>
    /// One hour in microseconds: gateway counters follow the gateways' clocks, a board is provisioned (its
    /// counterStart) before it is installed, and the provisioning machine's clock may be a little ahead.
    /// </summary>
    public const long StartMarginMicros = 3600L * 1000 * 1000;

    private readonly MessageAuth _auth;
    private readonly IKeyValueStore _store;
    private readonly ILog _log;
    private long _highest;
    private long _seen;

    public ReplyGuard(MessageAuth auth, IKeyValueStore store, ILog log, long counterStart)
    {
        _auth = auth;
        _store = store;
        _log = log;
        var stored = StoredNumber.Read(store, StoreKey, log, "gateway counter in flash is unreadable: accepting from the provisioned start");
        var start = counterStart - StartMarginMicros;
        _highest = stored > start ? stored : start;
        if (_highest < 0)
        {
            _highest = 0;
        }

        // Nothing below the floor is known to be new: a message from before the restart is refused.
        _seen = CounterWindow.AllSeen;
    }

    /// <summary>Gateway messages refused since the post started: not signed with its key, or replayed.</summary>
    public long Refused { get; private set; }

    /// <summary>The highest gateway counter taken (or the floor before the first).</summary>
    public long Highest => _highest;

    /// <summary>True when <paramref name="payload"/> on <paramref name="topic"/> is signed with the post's key and new; else counted and logged.</summary>
    public bool Accept(string topic, byte[] payload)
    {
        if (!_auth.Verify(topic, payload, out var counter))
        {
            Refused++;
            _log.Warn("refused message on " + topic + ": not signed with this post's key (refused " + IntegerText.Format(Refused) + ")");
            return false;
        }

        var before = _highest;
        if (!CounterWindow.TryTake(ref _highest, ref _seen, counter))
        {
            Refused++;
            _log.Warn("refused message on " + topic + ": counter " + IntegerText.Format(counter) + " taken before (refused " + IntegerText.Format(Refused) + ")");
            return false;
        }

        if (_highest != before && !_store.Set(StoreKey, IntegerText.Format(_highest)))
        {
            // The message is still obeyed; only a replay of it after a reboot would not be recognised.
            _log.Error("gateway counter could not be stored: after a reboot a replayed message might be accepted");
        }

        return true;
    }
}
