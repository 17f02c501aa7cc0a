using System;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.Core;

/// <summary>
/// The behaviour of one SOS post, as a coordinator of small parts: <see cref="ButtonWatcher"/>, the alarm
/// slot (<see cref="AlarmOutbox"/>), trouble monitors feeding the <see cref="EventOutbox"/>,
/// <see cref="BeaconPattern"/>, <see cref="SelfTest"/>, <see cref="HeartbeatComposer"/>,
/// <see cref="CrashLoopGuard"/> and <see cref="WatchdogFeeder"/>. Single-threaded and tick-driven: the host
/// calls <see cref="Tick"/> every 10 to 20 ms; the core reads its inputs, drains the link, and never blocks
/// or sleeps. An idle tick allocates nothing. docs/post-behaviour.md describes the rules.
/// </summary>
public sealed class PostCore
{
    // Bounds the work of one tick if the link has queued a burst.
    private const int MaxMessagesPerTick = 8;

    private readonly PostConfig _config;
    private readonly IClock _clock;
    private readonly IWallClock _wallClock;
    private readonly IDigitalInput _button;
    private readonly IDigitalOutput _beacon;
    private readonly IMqttLink _link;
    private readonly ILog _log;
    private readonly AlarmOutbox _outbox;
    private readonly EventOutbox _events;
    private readonly ButtonWatcher _buttonWatcher;
    private readonly TamperMonitor _tamper;
    private readonly SupplyMonitor _supply;
    private readonly LampMonitor _lamp;
    private readonly CameraTrigger _camera;
    private readonly SelfTest _selfTest;
    private readonly HeartbeatComposer _heartbeat;
    private readonly CrashLoopGuard _crashGuard;
    private readonly WatchdogFeeder _watchdog;
    private readonly MessageAuth _auth;
    private readonly MessageCounter _counter;
    private readonly ReplyGuard _replies;
    private readonly byte[] _offlinePayload;

    private readonly string _alarmTopic;
    private readonly string _heartbeatTopic;
    private readonly string _statusTopic;
    private readonly string _eventTopic;
    private readonly string _eventAckTopic;
    private readonly string _selfTestTopic;
    private readonly string _alarmStateTopic;
    private readonly string _commandTopic;

    private readonly long _openAtMs;
    private bool _opened;
    private bool _connected;
    private bool _eventAckSubscribed;
    private long _nextHeartbeatMs;
    private long _eventsSentMs;

    // The latest alarm while it is active: pending, or acknowledged and within the hold time.
    private AlarmMessage? _alarm;
    private byte[]? _alarmPayload;
    private bool _pending;
    private bool _sendNow;
    private long _lastSentMs;
    private AlarmStage _stage;
    private long _stageSinceMs;

    private BeaconState _beaconState;
    private long _beaconSinceMs;
    private bool _lit;

    /// <exception cref="ArgumentException">The configuration is invalid or a required seam is missing.</exception>
    public PostCore(PostConfig config, PostSeams seams)
    {
        var problem = config.Validate();
        if (problem != null)
        {
            throw new ArgumentException(problem, nameof(config));
        }

        if (seams.Clock == null || seams.WallClock == null || seams.Button == null || seams.Beacon == null
            || seams.Link == null || seams.Store == null || seams.Log == null)
        {
            throw new ArgumentException("a required seam is missing", nameof(seams));
        }

        _config = config;
        _clock = seams.Clock;
        _wallClock = seams.WallClock;
        _button = seams.Button;
        _beacon = seams.Beacon;
        _link = seams.Link;
        _log = seams.Log;
        _crashGuard = new CrashLoopGuard(seams.Store, seams.Log, config);
        _watchdog = new WatchdogFeeder(seams.System);
        _outbox = new AlarmOutbox(seams.Store, seams.Log);
        _events = new EventOutbox(seams.Store, seams.WallClock, seams.Log);
        _buttonWatcher = new ButtonWatcher(config);
        _tamper = new TamperMonitor(seams.Tamper, config);
        _supply = new SupplyMonitor(seams.MainsSense, seams.MainsVoltage, seams.Battery, config);
        _lamp = new LampMonitor(seams.LampSense, config);
        _camera = new CameraTrigger(seams.Camera, config);
        _selfTest = new SelfTest(config, seams.Store, seams.WallClock, seams.Log);
        _heartbeat = new HeartbeatComposer(config, seams.WallClock, seams.Health, seams.System, _crashGuard.SafeMode);

        var id = config.PostId;
        _alarmTopic = Topics.Alarm(id);
        _heartbeatTopic = Topics.Heartbeat(id);
        _statusTopic = Topics.Status(id);
        _eventTopic = Topics.Event(id);
        _eventAckTopic = Topics.EventAck(id);
        _selfTestTopic = Topics.SelfTest(id);
        _alarmStateTopic = Topics.AlarmState(id);
        _commandTopic = Topics.Command(id);
        _auth = new MessageAuth(config.MessageKey!);
        _counter = new MessageCounter(seams.Store, seams.Log, config.MessageCounterStart);
        _replies = new ReplyGuard(_auth, seams.Store, seams.Log, config.MessageCounterStart);
        _offlinePayload = PayloadCodec.Encode(new StatusMessage { Online = false });

        var pending = _outbox.LoadPending();
        if (pending != null && pending.Test)
        {
            // A test alarm's self-test ended with the reboot: nobody waits for it.
            _log.Info("test alarm " + pending.AlarmId + " from before the restart dropped");
            _outbox.Clear();
        }
        else if (pending != null)
        {
            _alarm = pending;
            _alarmPayload = PayloadCodec.Encode(pending);
            _pending = true;
            _sendNow = true;
            _log.Info("alarm " + pending.AlarmId + " pending from before the restart: re-sending");
        }

        _events.Load();

        var now = _clock.NowMs;
        _openAtMs = now + ConnectJitter.DelayMs(config.PostId, config.ConfigHash, config.ConnectJitterMaxMs);
        _beaconState = CurrentBeaconState();
        _beaconSinceMs = now;
        _lit = BeaconPattern.IsLit(_beaconState, 0);
        _beacon.Set(_lit);
    }

    /// <summary>What the beacon shows, as of the last tick.</summary>
    public BeaconState Beacon => _beaconState;

    /// <summary>The id of the alarm the beacon is about; 0 when idle.</summary>
    public long CurrentAlarmId => _alarm == null ? 0 : _alarm.AlarmId;

    /// <summary>The last alarm id this post has handed out (kept across restarts); 0 before its first alarm.</summary>
    public long LastAlarmId => _outbox.LastAlarmId;

    /// <summary>Alarms waiting for the gateway's "received" (0 or 1: presses join the active alarm).</summary>
    public int PendingAlarms => _pending ? 1 : 0;

    /// <summary>Trouble events waiting for the gateway's acknowledgement.</summary>
    public int PendingEvents => _events.Count;

    /// <summary>Gateway messages refused since start (not signed with the post's key, or replayed); in every heartbeat.</summary>
    public long RefusedMessages => _replies.Refused;

    /// <summary>Broker connection as of the last tick.</summary>
    public bool IsConnected => _connected;

    /// <summary>The crash-loop guard put the post in safe mode: alarms only.</summary>
    public bool SafeMode => _crashGuard.SafeMode;

    /// <summary>A self-test is running.</summary>
    public bool SelfTestRunning => _selfTest.IsRunning;

    /// <summary>When the first connection is opened, in <see cref="IClock"/> milliseconds (the per-post jitter).</summary>
    public long FirstConnectAtMs => _openAtMs;

    /// <summary>The troubles as the post sees them now (for a host's display).</summary>
    public bool TamperOpen => _tamper.IsOpen;

    public bool MainsPresent => _supply.MainsPresent;

    public bool LampFailed => _lamp.Failed;

    public bool ButtonStuck => _buttonWatcher.IsStuck;

    public bool BatteryLow => _supply.BatteryLow;

    /// <summary>The latest finished self-test report (kept after it is sent); null before the first.</summary>
    public SelfTestMessage? LastSelfTest => _selfTest.Last;

    public void Tick()
    {
        var now = _clock.NowMs;
        OpenLinkWhenDue(now);
        TrackConnection(now);
        ReceiveMessages(now);
        if (!_crashGuard.SafeMode)
        {
            _tamper.Update(now, _events);
            _supply.Update(now, _events);
        }

        OnButton(_buttonWatcher.Update(now, _button.IsActive, _button.TakeEdge(), _tamper.ReadsOpen), now);
        OpenLinkWhenDue(now);
        _selfTest.Update(now, _lamp, _camera, _alarm != null && !_alarm.Test);
        if (_selfTest.WantsTestAlarm)
        {
            StartTestAlarm(now);
        }

        if (_connected)
        {
            SendPendingAlarm(now);
            SendEvents(now);
            if (now >= _nextHeartbeatMs)
            {
                SendHeartbeat(now);
            }

            SendSelfTestReport();
        }

        ExpireAcknowledgedAlarm(now);
        _camera.Update(now);
        UpdateBeacon(now);
        if (!_crashGuard.SafeMode)
        {
            _lamp.Update(now, _lit, _events);
        }

        _crashGuard.Update(now);
        _watchdog.TickCompleted(now);
    }

    // A pending alarm never waits for the connect jitter: it is why the post exists.
    private void OpenLinkWhenDue(long now)
    {
        if (!_opened && (now >= _openAtMs || _pending))
        {
            _opened = true;

            // The will is signed now, with a counter reserved now, and published by the broker later: the gateway
            // accepts it by its own rule (docs/protocol.md, "The last will").
            _link.Open(_config.PostId, _config.PostId, _config.Password, _statusTopic, Signed(_statusTopic, _offlinePayload));
        }
    }

    private void TrackConnection(long now)
    {
        var connected = _link.IsConnected;
        if (connected == _connected)
        {
            return;
        }

        _connected = connected;
        if (!connected)
        {
            _log.Warn("broker connection lost");
            return;
        }

        // The session may be new (first connection, broker restart): subscribe and announce every time.
        _log.Info("connected to broker");
        _link.Subscribe(_alarmStateTopic);
        _link.Subscribe(_commandTopic);
        _eventAckSubscribed = false;
        var birth = new StatusMessage { Online = true, Firmware = _config.FirmwareVersion, ConfigHash = _config.ConfigHash, UptimeMs = now };
        if (!_link.Publish(_statusTopic, Signed(_statusTopic, PayloadCodec.Encode(birth)), true, true))
        {
            _log.Warn("online status not accepted by the link");
        }

        // The will of this connection is registered; the next connection gets a fresh one, with a newer counter, so a
        // will the broker published (and anyone may have recorded) is never taken again (docs/security.md, "The last will").
        _link.SetWill(Signed(_statusTopic, _offlinePayload));
        _nextHeartbeatMs = now + _config.HeartbeatIntervalMs;
        _sendNow = _pending;
        _events.HasNew = _events.Count > 0;
    }

    private void ReceiveMessages(long now)
    {
        for (var i = 0; i < MaxMessagesPerTick && _link.TryReceive(out var topic, out var payload); i++)
        {
            if (!Topics.TryParse(topic, out var postId, out var kind) || postId != _config.PostId)
            {
                _log.Warn("ignored message on " + topic + ": not for this post");
            }
            else if ((kind == TopicKind.AlarmState || kind == TopicKind.EventAck || kind == TopicKind.Command) && !_replies.Accept(topic, payload))
            {
                // Before anything reads it: a forged or replayed message never touches the beacon, the outbox or a command.
            }
            else if (kind == TopicKind.AlarmState)
            {
                OnAlarmState(payload, now);
            }
            else if (kind == TopicKind.EventAck)
            {
                OnEventAck(payload);
            }
            else if (kind == TopicKind.Command)
            {
                OnCommand(payload, now);
            }
            else
            {
                _log.Warn("ignored message on " + topic + ": not a gateway topic");
            }
        }
    }

    private void OnAlarmState(byte[] payload, long now)
    {
        if (!PayloadCodec.TryDecodeAlarmState(payload, out var message, out var reason) || message == null)
        {
            _log.Warn("rejected alarm state: " + reason);
            return;
        }

        if (_alarm == null || message.AlarmId != _alarm.AlarmId)
        {
            _log.Info("ignored state of alarm " + message.AlarmId + ": not the active alarm");
            return;
        }

        // Either state means the gateway has stored the alarm.
        var wasPending = _pending;
        if (_pending)
        {
            _pending = false;
            _outbox.Clear();
        }

        if (_alarm.Test)
        {
            // A test alarm is never shown as real help: it ends here, and the self-test has its round trip.
            _log.Info("test alarm " + _alarm.AlarmId + " " + (message.State == AlarmState.Dispatched ? "dispatched (a gateway fault: tests must never be)" : "received"));
            _alarm = null;
            _alarmPayload = null;
            _selfTest.TestAlarmReceived(now);
            return;
        }

        if (message.State == AlarmState.Dispatched)
        {
            if (_stage != AlarmStage.Dispatched)
            {
                SetStage(AlarmStage.Dispatched, now);
            }
        }
        else if (_stage == AlarmStage.None || (_stage == AlarmStage.Received && wasPending))
        {
            SetStage(AlarmStage.Received, now);
        }
    }

    private void OnEventAck(byte[] payload)
    {
        if (!PayloadCodec.TryDecodeEventAck(payload, out var message, out var reason) || message == null)
        {
            _log.Warn("rejected event acknowledgement: " + reason);
        }
        else if (!_events.Acknowledge(message.EventId))
        {
            _log.Info("event " + message.EventId + " acknowledged again: already out of the outbox");
        }
    }

    private void SetStage(AlarmStage stage, long now)
    {
        _stage = stage;
        _stageSinceMs = now;
        _log.Info("alarm " + CurrentAlarmId + (stage == AlarmStage.Dispatched ? " dispatched" : " received by the gateway"));
    }

    private void OnCommand(byte[] payload, long now)
    {
        if (!PayloadCodec.TryDecodeCommand(payload, out var command, out var reason) || command == null)
        {
            _log.Warn("rejected command: " + reason);
        }
        else if (command.Command == CommandMessage.Heartbeat)
        {
            if (_connected)
            {
                SendHeartbeat(now);
            }
        }
        else if (command.Command == CommandMessage.SelfTest)
        {
            StartSelfTest(command.Id, SelfTestTrigger.Command, now);
        }
        else
        {
            _log.Warn("ignored unknown command " + command.Command);
        }
    }

    private void StartSelfTest(string id, string trigger, long now)
    {
        if (_crashGuard.SafeMode)
        {
            _log.Warn("self-test " + id + " not run: the post is in safe mode");
        }
        else
        {
            _selfTest.Start(id, trigger, now);
        }
    }

    private void OnButton(ButtonEvent button, long now)
    {
        switch (button)
        {
            case ButtonEvent.Press:
                OnPress(now);
                break;
            case ButtonEvent.TechnicianPress:
                StartSelfTest("b-" + IntegerText.Format(now), SelfTestTrigger.Button, now);
                break;
            case ButtonEvent.Stuck:
                _events.Report(TroubleType.StuckButton, true, now);
                break;
            case ButtonEvent.Unstuck:
                _events.Report(TroubleType.StuckButton, false, now);
                break;
        }
    }

    private void OnPress(long now)
    {
        var alarm = _alarm;
        if (alarm != null && !alarm.Test && (_pending || _stage == AlarmStage.Received))
        {
            // The citizen presses again: the same alarm, re-sent with the new count.
            if (alarm.Presses < PayloadCodec.MaxPresses)
            {
                alarm.Presses++;
            }

            _log.Info("alarm " + alarm.AlarmId + " pressed again (" + alarm.Presses + " presses)");
        }
        else
        {
            // A citizen's press ends a self-test; its alarm (real) takes the slot of any test alarm.
            _selfTest.Abort(now);
            alarm = NewAlarm(false, _buttonWatcher.PressStartMs, now);
            _log.Info("alarm " + alarm.AlarmId + " pressed");
        }

        StoreAndQueue(alarm);
    }

    private void StartTestAlarm(long now)
    {
        var alarm = NewAlarm(true, now, now);
        _log.Info("test alarm " + alarm.AlarmId + " sent for the self-test");
        StoreAndQueue(alarm);
        _selfTest.TestAlarmSent(now);
    }

    private AlarmMessage NewAlarm(bool test, long pressedMs, long now)
    {
        // The counter is stored before anything else, so the id is never reused.
        var alarm = new AlarmMessage
        {
            AlarmId = _outbox.NextAlarmId(),
            Test = test,
            UptimeMs = pressedMs,
            PressedAt = _wallClock.IsSynced ? _wallClock.UtcNow.AddMilliseconds(pressedMs - now) : DateTime.MinValue,
            Snapshot = _camera.IsFitted,
        };
        _alarm = alarm;
        _stage = AlarmStage.None;
        _camera.Pulse(now);
        return alarm;
    }

    // Written to flash before it is sent: a power cut after this line still delivers the alarm.
    private void StoreAndQueue(AlarmMessage alarm)
    {
        _alarmPayload = PayloadCodec.Encode(alarm);
        _outbox.Save(_alarmPayload);
        _pending = true;
        _sendNow = true;
    }

    private void SendPendingAlarm(long now)
    {
        if (!_pending || _alarmPayload == null || (!_sendNow && now - _lastSentMs < _config.AlarmResendIntervalMs))
        {
            return;
        }

        _sendNow = false;
        _lastSentMs = now;
        if (!_link.Publish(_alarmTopic, Signed(_alarmTopic, _alarmPayload), true, false))
        {
            _log.Warn("alarm " + CurrentAlarmId + " not accepted by the link: retry in the resend interval");
        }
    }

    // After the alarm in the same tick: an alarm never waits behind trouble events. Events go oldest first.
    private void SendEvents(long now)
    {
        if (_events.Count == 0 || (!_events.HasNew && now - _eventsSentMs < _config.AlarmResendIntervalMs))
        {
            return;
        }

        if (!_eventAckSubscribed)
        {
            // Subscribed when first needed on each connection, before the first event goes out on it.
            _link.Subscribe(_eventAckTopic);
            _eventAckSubscribed = true;
        }

        _events.HasNew = false;
        _eventsSentMs = now;
        for (var i = 0; i < _events.Count; i++)
        {
            if (!_link.Publish(_eventTopic, Signed(_eventTopic, _events.PayloadAt(i)), true, false))
            {
                _log.Warn("event " + _events.EventIdAt(i) + " not accepted by the link: retry in the resend interval");
                return;
            }
        }
    }

    private void SendHeartbeat(long now)
    {
        _nextHeartbeatMs = now + _config.HeartbeatIntervalMs;
        var heartbeat = _heartbeat.Compose(now, _supply, _tamper, _lamp, PendingAlarms + _events.Count, _replies.Refused);
        if (!_link.Publish(_heartbeatTopic, Signed(_heartbeatTopic, PayloadCodec.Encode(heartbeat)), false, false))
        {
            _log.Warn("heartbeat not accepted by the link");
        }
    }

    // The report is not acknowledged by the gateway; it waits in memory for a connection, not in flash.
    private void SendSelfTestReport()
    {
        var report = _selfTest.Finished;
        if (report != null && _link.Publish(_selfTestTopic, Signed(_selfTestTopic, PayloadCodec.Encode(report)), true, false))
        {
            _selfTest.ReportSent();
        }
    }

    // Every copy gets a new counter, re-sends included: the gateway takes each counter once and dedupes the
    // alarm or event by its id as before.
    private byte[] Signed(string topic, byte[] payload)
    {
        return _auth.Sign(topic, payload, _counter.Next());
    }

    private void ExpireAcknowledgedAlarm(long now)
    {
        if (_alarm != null && !_pending && _stage != AlarmStage.None && now - _stageSinceMs >= _config.AcknowledgedHoldMs)
        {
            _log.Info("alarm " + _alarm.AlarmId + " finished: back to idle");
            _alarm = null;
            _stage = AlarmStage.None;
        }

        if (_alarm != null && _alarm.Test && _pending && !_selfTest.IsRunning)
        {
            // The self-test gave up on its test alarm: a beacon saying "sending" for it would mislead.
            _log.Info("test alarm " + _alarm.AlarmId + " unanswered: dropped with its self-test");
            _pending = false;
            _outbox.Clear();
            _alarm = null;
            _alarmPayload = null;
        }
    }

    private void UpdateBeacon(long now)
    {
        var state = CurrentBeaconState();
        if (state != _beaconState)
        {
            _beaconState = state;
            _beaconSinceMs = now;
            _log.Info("beacon " + BeaconPattern.NameOf(state));
        }

        var lit = _selfTest.HoldsLampOn || BeaconPattern.IsLit(state, now - _beaconSinceMs);
        if (lit != _lit)
        {
            _lit = lit;
            _beacon.Set(lit);
        }
    }

    // A citizen's alarm outranks everything; then the technician; then whether the post can take an alarm.
    private BeaconState CurrentBeaconState()
    {
        var real = _alarm != null && !_alarm.Test;
        if (real && _pending)
        {
            return BeaconState.Sending;
        }

        if (real && _stage == AlarmStage.Dispatched)
        {
            return BeaconState.Dispatched;
        }

        if (real && _stage == AlarmStage.Received)
        {
            return BeaconState.Received;
        }

        if (_selfTest.IsRunning)
        {
            return BeaconState.TechnicianTest;
        }

        return _connected && _wallClock.IsSynced ? BeaconState.Idle : BeaconState.Fault;
    }

    // How far the gateway has confirmed the active alarm.
    private enum AlarmStage
    {
        None,
        Received,
        Dispatched,
    }
}
