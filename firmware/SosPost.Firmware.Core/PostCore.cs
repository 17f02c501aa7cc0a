using System;
using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// The behaviour of one SOS post. Single-threaded and tick-driven: the host calls <see cref="Tick"/>
/// every 10 to 20 ms; the core reads its inputs, drains the link, and never blocks or sleeps.
/// An idle tick allocates nothing.
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
    private readonly IDigitalOutput? _camera;
    private readonly IMqttLink _link;
    private readonly ILog _log;
    private readonly AlarmOutbox _outbox;

    private readonly string _alarmTopic;
    private readonly string _heartbeatTopic;
    private readonly string _statusTopic;
    private readonly string _alarmStateTopic;
    private readonly string _commandTopic;
    private readonly byte[] _offlinePayload;

    private bool _opened;
    private bool _connected;
    private long _nextHeartbeatMs;

    // The latest alarm while it is active: pending, or acknowledged and within the hold time.
    private AlarmMessage? _alarm;
    private byte[]? _alarmPayload;
    private bool _pending;
    private bool _sendNow;
    private long _lastSentMs;
    private AlarmStage _stage;
    private long _stageSinceMs;

    private bool _cameraOn;
    private long _cameraOffAtMs;

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
        _camera = seams.Camera;
        _link = seams.Link;
        _log = seams.Log;
        _outbox = new AlarmOutbox(seams.Store, seams.Log);

        var id = config.PostId;
        _alarmTopic = Topics.Alarm(id);
        _heartbeatTopic = Topics.Heartbeat(id);
        _statusTopic = Topics.Status(id);
        _alarmStateTopic = Topics.AlarmState(id);
        _commandTopic = Topics.Command(id);
        _offlinePayload = PayloadCodec.Encode(new StatusMessage { Online = false });

        var pending = _outbox.LoadPending();
        if (pending != null)
        {
            _alarm = pending;
            _alarmPayload = PayloadCodec.Encode(pending);
            _pending = true;
            _sendNow = true;
            _log.Info("alarm " + pending.AlarmId + " pending from before the restart: re-sending");
        }

        var now = _clock.NowMs;
        _camera?.Set(false);
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

    /// <summary>Broker connection as of the last tick.</summary>
    public bool IsConnected => _connected;

    public void Tick()
    {
        var now = _clock.NowMs;
        if (!_opened)
        {
            _opened = true;
            _link.Open(_config.PostId, _config.PostId, _config.Password, _statusTopic, _offlinePayload);
        }

        TrackConnection(now);
        ReceiveMessages(now);
        if (_button.TakeEdge())
        {
            OnPress(now);
        }

        if (_connected)
        {
            SendPendingAlarm(now);
            if (now >= _nextHeartbeatMs)
            {
                SendHeartbeat(now);
            }
        }

        ExpireAcknowledgedAlarm(now);
        if (_cameraOn && now >= _cameraOffAtMs)
        {
            _cameraOn = false;
            _camera!.Set(false);
        }

        UpdateBeacon(now);
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
        var birth = new StatusMessage { Online = true, Firmware = _config.FirmwareVersion, ConfigHash = _config.ConfigHash, UptimeMs = now };
        if (!_link.Publish(_statusTopic, PayloadCodec.Encode(birth), true, true))
        {
            _log.Warn("online status not accepted by the link");
        }

        _nextHeartbeatMs = now + _config.HeartbeatIntervalMs;
        _sendNow = _pending;
    }

    private void ReceiveMessages(long now)
    {
        for (var i = 0; i < MaxMessagesPerTick && _link.TryReceive(out var topic, out var payload); i++)
        {
            if (!Topics.TryParse(topic, out var postId, out var kind) || postId != _config.PostId)
            {
                _log.Warn("ignored message on " + topic + ": not for this post");
            }
            else if (kind == TopicKind.AlarmState)
            {
                OnAlarmState(payload, now);
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
        else if (command.Command != CommandMessage.Heartbeat)
        {
            _log.Warn("ignored unknown command " + command.Command);
        }
        else if (_connected)
        {
            SendHeartbeat(now);
        }
    }

    private void OnPress(long now)
    {
        var alarm = _alarm;
        if (alarm != null && (_pending || _stage == AlarmStage.Received))
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
            // The counter is stored before anything else, so the id is never reused.
            alarm = new AlarmMessage
            {
                AlarmId = _outbox.NextAlarmId(),
                UptimeMs = now,
                PressedAt = _wallClock.IsSynced ? _wallClock.UtcNow : DateTime.MinValue,
                Snapshot = _camera != null,
            };
            _alarm = alarm;
            _stage = AlarmStage.None;
            if (_camera != null)
            {
                _camera.Set(true);
                _cameraOn = true;
                _cameraOffAtMs = now + _config.CameraPulseMs;
            }

            _log.Info("alarm " + alarm.AlarmId + " pressed");
        }

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
        if (!_link.Publish(_alarmTopic, _alarmPayload, true, false))
        {
            _log.Warn("alarm " + CurrentAlarmId + " not accepted by the link: retry in the resend interval");
        }
    }

    private void SendHeartbeat(long now)
    {
        _nextHeartbeatMs = now + _config.HeartbeatIntervalMs;
        var heartbeat = new HeartbeatMessage
        {
            UptimeMs = now,
            Firmware = _config.FirmwareVersion,
            ConfigHash = _config.ConfigHash,

            // Link, signal, power, lamp, memory and reset cause need seams this core does not have yet:
            // they say "unknown" where the protocol can, and otherwise report no trouble, as this core
            // raises no trouble events yet.
            MainsPresent = true,
            Outbox = PendingAlarms,
            At = _wallClock.IsSynced ? _wallClock.UtcNow : DateTime.MinValue,
        };
        if (!_link.Publish(_heartbeatTopic, PayloadCodec.Encode(heartbeat), false, false))
        {
            _log.Warn("heartbeat not accepted by the link");
        }
    }

    private void ExpireAcknowledgedAlarm(long now)
    {
        if (_alarm != null && !_pending && _stage != AlarmStage.None && now - _stageSinceMs >= _config.AcknowledgedHoldMs)
        {
            _log.Info("alarm " + _alarm.AlarmId + " finished: back to idle");
            _alarm = null;
            _stage = AlarmStage.None;
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

        var lit = BeaconPattern.IsLit(state, now - _beaconSinceMs);
        if (lit != _lit)
        {
            _lit = lit;
            _beacon.Set(lit);
        }
    }

    private BeaconState CurrentBeaconState()
    {
        if (_pending)
        {
            return BeaconState.Sending;
        }

        if (_stage == AlarmStage.Dispatched)
        {
            return BeaconState.Dispatched;
        }

        if (_stage == AlarmStage.Received)
        {
            return BeaconState.Received;
        }

        return _connected ? BeaconState.Idle : BeaconState.Fault;
    }

    // How far the gateway has confirmed the active alarm.
    private enum AlarmStage
    {
        None,
        Received,
        Dispatched,
    }
}
