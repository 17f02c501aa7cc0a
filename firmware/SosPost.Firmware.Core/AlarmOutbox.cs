using System.Text;
using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// The alarm counter and the pending alarm, kept in flash. The pending alarm is stored as its own
/// wire payload, so a reboot re-sends exactly what was pressed (id, press time, uptime). Flash
/// failures are logged and survived: an alarm is sent even when it could not be stored.
/// </summary>
public sealed class AlarmOutbox
{
    /// <summary>Store key of the last alarm id handed out.</summary>
    public const string CounterKey = "alarm.counter";

    /// <summary>Store key of the alarm waiting for the gateway's "received".</summary>
    public const string PendingKey = "alarm.pending";

    private readonly IKeyValueStore _store;
    private readonly ILog _log;

    public AlarmOutbox(IKeyValueStore store, ILog log)
    {
        _store = store;
        _log = log;
        var text = store.Get(CounterKey);
        if (IntegerText.TryParse(text, out var last))
        {
            LastAlarmId = last;
        }
        else if (text != null)
        {
            _log.Error("alarm counter in flash is unreadable: ids restart above the pending alarm");
        }
    }

    /// <summary>The last alarm id handed out (0 before the first alarm of this post's life).</summary>
    public long LastAlarmId { get; private set; }

    /// <summary>The alarm left pending by an earlier run, or null.</summary>
    public AlarmMessage? LoadPending()
    {
        var text = _store.Get(PendingKey);
        if (text == null)
        {
            return null;
        }

        if (!PayloadCodec.TryDecodeAlarm(Encoding.UTF8.GetBytes(text), out var alarm, out var reason) || alarm == null)
        {
            _log.Error("pending alarm in flash is unreadable (" + reason + "): dropped");
            _store.Remove(PendingKey);
            return null;
        }

        if (alarm.AlarmId > LastAlarmId)
        {
            // The counter must never fall behind an id already used.
            LastAlarmId = alarm.AlarmId;
        }

        return alarm;
    }

    /// <summary>Hands out the next id and stores the counter first, so that no id is ever used twice.</summary>
    public long NextAlarmId()
    {
        LastAlarmId++;
        if (!_store.Set(CounterKey, IntegerText.Format(LastAlarmId)))
        {
            _log.Error("alarm counter could not be stored: an id may repeat after a reboot");
        }

        return LastAlarmId;
    }

    /// <summary>Stores the alarm's wire payload (as encoded by <see cref="PayloadCodec"/>) as the pending alarm.</summary>
    public void Save(byte[] payload)
    {
        if (!_store.Set(PendingKey, Encoding.UTF8.GetString(payload, 0, payload.Length)))
        {
            _log.Error("pending alarm could not be stored: it will not survive a reboot");
        }
    }

    public void Clear()
    {
        if (!_store.Remove(PendingKey))
        {
            _log.Error("pending alarm could not be removed from flash: it will be re-sent after a reboot");
        }
    }
}
