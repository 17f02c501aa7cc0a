namespace SosPost.Firmware.Core;

/// <summary>
/// The counter every signed message carries (docs/protocol.md, "Message authentication"): strictly increasing
/// over the post's life, so the gateway can reject a replayed copy. Flash wears, so the counter is reserved in
/// blocks of <see cref="BlockSize"/>: flash holds the end of the reserved block, and a boot continues after it
/// (the rest of the old block is skipped, never reused). A provisioned start (<see cref="PostConfig.MessageCounterStart"/>)
/// keeps a replaced or wiped board above every counter its predecessor used.
/// </summary>
public sealed class MessageCounter
{
    /// <summary>Store key of the end of the reserved block.</summary>
    public const string StoreKey = "msg.counter";

    /// <summary>Messages per flash write: at one heartbeat a minute, one write every 16 hours.</summary>
    public const long BlockSize = 1000;

    private readonly IKeyValueStore _store;
    private readonly ILog _log;
    private long _next;
    private long _reservedTo;

    public MessageCounter(IKeyValueStore store, ILog log, long start)
    {
        _store = store;
        _log = log;
        var reserved = StoredNumber.Read(store, StoreKey, log, "message counter in flash is unreadable: counting from the provisioned start");
        _next = reserved + 1;
        if (start > _next)
        {
            _next = start;
        }

        _reservedTo = _next - 1;
    }

    /// <summary>The counter the next message gets.</summary>
    public long Peek => _next;

    /// <summary>Hands out the next counter; reserves a new block in flash first when the current one is used up.</summary>
    public long Next()
    {
        if (_next > _reservedTo)
        {
            var end = _next + BlockSize - 1;
            if (!_store.Set(StoreKey, IntegerText.Format(end)))
            {
                // The message still goes out; after a reboot the gateway may take a few of the next ones for replays.
                _log.Error("message counter could not be stored: after a reboot some messages may be rejected as replays");
            }

            _reservedTo = end;
        }

        return _next++;
    }
}
