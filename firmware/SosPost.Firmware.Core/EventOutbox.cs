using System;
using System.Collections;
using System.Text;
using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// Trouble events kept in flash until the gateway acknowledges them: one key per event (its wire payload)
/// under a running sequence number, plus the head and tail of the sequence. An event is in flash before it
/// is first sent, and leaves only on its acknowledgement. Bounded at <see cref="Capacity"/>: when full,
/// the oldest event that a newer event of the same type supersedes is coalesced into it (removed), which
/// leaves the gateway's view of open troubles as it will be; only the flicker is lost. Alarms are never here (they have their own slot, <see cref="AlarmOutbox"/>), so none is dropped.
/// </summary>
public sealed class EventOutbox
{
    /// <summary>Unacknowledged events kept at most.</summary>
    public const int Capacity = 32;

    public const string CounterKey = "event.counter";
    public const string HeadKey = "event.head";
    public const string TailKey = "event.tail";
    private const string EntryPrefix = "event.";

    private readonly IKeyValueStore _store;
    private readonly IWallClock _wallClock;
    private readonly ILog _log;

    // Oldest first.
    private readonly ArrayList _entries = new ArrayList();
    private long _head;
    private long _tail;

    public EventOutbox(IKeyValueStore store, IWallClock wallClock, ILog log)
    {
        _store = store;
        _wallClock = wallClock;
        _log = log;
    }

    /// <summary>The last event id handed out (kept across restarts).</summary>
    public long LastEventId { get; private set; }

    /// <summary>Events waiting for the gateway's acknowledgement.</summary>
    public int Count => _entries.Count;

    /// <summary>Set when an event was added; cleared by the sender.</summary>
    public bool HasNew { get; set; }

    /// <summary>The wire payload of the i-th waiting event, oldest first.</summary>
    public byte[] PayloadAt(int index) => At(index).Payload;

    /// <summary>The event id of the i-th waiting event, oldest first.</summary>
    public long EventIdAt(int index) => At(index).EventId;

    /// <summary>Reads what an earlier run left: counter, head, tail and every event between.</summary>
    public void Load()
    {
        var counter = IntegerText.ParseOrZero(_store.Get(CounterKey));
        _head = IntegerText.ParseOrZero(_store.Get(HeadKey));
        _tail = IntegerText.ParseOrZero(_store.Get(TailKey));
        if (_tail < _head)
        {
            _tail = _head;
        }

        // A power cut between writing an event and its tail leaves the event just past the tail.
        while (_store.Get(KeyOf(_tail)) != null && _tail - _head < Capacity * 2)
        {
            _tail++;
        }

        for (var seq = _head; seq < _tail; seq++)
        {
            var text = _store.Get(KeyOf(seq));
            if (text == null)
            {
                continue;
            }

            var payload = Encoding.UTF8.GetBytes(text);
            if (!PayloadCodec.TryDecodeEvent(payload, out var message, out var reason) || message == null)
            {
                _log.Error("trouble event in flash is unreadable (" + reason + "): dropped");
                _store.Remove(KeyOf(seq));
                continue;
            }

            _entries.Add(new Entry(seq, message.EventId, message.Type, payload));
            if (message.EventId > counter)
            {
                counter = message.EventId;
            }
        }

        LastEventId = counter;
        HasNew = _entries.Count > 0;
        if (_entries.Count > 0)
        {
            _log.Info(IntegerText.Format(_entries.Count) + " trouble events pending from before the restart: re-sending");
        }
    }

    /// <summary>A trouble raised (<paramref name="active"/>) or restored: stored, then queued to send.</summary>
    public void Report(string type, bool active, long now)
    {
        if (_entries.Count >= Capacity)
        {
            MakeRoom();
        }

        // The counter is stored before the event, so that no id is ever used twice.
        LastEventId++;
        if (!_store.Set(CounterKey, IntegerText.Format(LastEventId)))
        {
            _log.Error("event counter could not be stored: an id may repeat after a reboot");
        }

        var message = new EventMessage
        {
            EventId = LastEventId,
            Type = type,
            Active = active,
            UptimeMs = now,
            At = _wallClock.IsSynced ? _wallClock.UtcNow : DateTime.MinValue,
        };
        var payload = PayloadCodec.Encode(message);
        var seq = _tail;
        if (!_store.Set(KeyOf(seq), Encoding.UTF8.GetString(payload, 0, payload.Length))
            || !_store.Set(TailKey, IntegerText.Format(seq + 1)))
        {
            _log.Error("trouble event " + IntegerText.Format(LastEventId) + " could not be stored: it will not survive a reboot");
        }

        _tail = seq + 1;
        _entries.Add(new Entry(seq, LastEventId, type, payload));
        HasNew = true;
        _log.Warn("trouble " + type + (active ? " raised" : " restored") + " (event " + IntegerText.Format(LastEventId) + ")");
    }

    /// <summary>The gateway stored the event: it leaves the outbox. False when it was not waiting (a duplicate ack).</summary>
    public bool Acknowledge(long eventId)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (At(i).EventId == eventId)
            {
                RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    // Full: drop the oldest event that a newer event of its type supersedes. The gateway judges a trouble by
    // the latest event of its type, so this loses a flicker, never the state. With five types and 32
    // entries there always is one; the fallback only guards against a future type explosion.
    private void MakeRoom()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var first = At(i);
            for (var j = i + 1; j < _entries.Count; j++)
            {
                if (At(j).Type == first.Type)
                {
                    _log.Warn("event outbox full: event " + IntegerText.Format(first.EventId) + " (" + first.Type
                        + ") coalesced into the newer event " + IntegerText.Format(At(j).EventId));
                    RemoveAt(i);
                    return;
                }
            }
        }

        _log.Error("event outbox full with no pair to coalesce: oldest event " + IntegerText.Format(At(0).EventId) + " dropped");
        RemoveAt(0);
    }

    private void RemoveAt(int index)
    {
        var entry = At(index);
        _entries.RemoveAt(index);
        if (!_store.Remove(KeyOf(entry.Seq)))
        {
            _log.Error("trouble event " + IntegerText.Format(entry.EventId) + " could not be removed from flash: it will be re-sent after a reboot");
        }

        var head = _entries.Count == 0 ? _tail : At(0).Seq;
        if (head != _head)
        {
            _head = head;
            _store.Set(HeadKey, IntegerText.Format(head));
        }
    }

    private Entry At(int index) => (Entry)_entries[index]!;

    private static string KeyOf(long seq) => EntryPrefix + IntegerText.Format(seq);

    private sealed class Entry
    {
        public Entry(long seq, long eventId, string type, byte[] payload)
        {
            Seq = seq;
            EventId = eventId;
            Type = type;
            Payload = payload;
        }

        public long Seq { get; }

        public long EventId { get; }

        public string Type { get; }

        public byte[] Payload { get; }
    }
}
