using System;
using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// The technician's self-test, one step per state across ticks: lamp (lit steadily, current read back),
/// camera (one trigger pulse), storage (a scratch key written, read back and removed), link (a test alarm
/// sent and timed to its "received"), then one report. The beacon shows TechnicianTest throughout. A
/// citizen's press ends it at once: the report says what was tested so far.
/// </summary>
public sealed class SelfTest
{
    public const string ScratchKey = "selftest.scratch";

    // The lamp is read back after the sense delay and this margin (the sense input's filter).
    private const long LampSettleMarginMs = 100;

    private readonly PostConfig _config;
    private readonly IKeyValueStore _store;
    private readonly IWallClock _wallClock;
    private readonly ILog _log;
    private Step _step;
    private long _stepSinceMs;
    private SelfTestMessage _report = new SelfTestMessage();
    private long _testAlarmSentMs;
    private bool _cameraPulsed;

    public SelfTest(PostConfig config, IKeyValueStore store, IWallClock wallClock, ILog log)
    {
        _config = config;
        _store = store;
        _wallClock = wallClock;
        _log = log;
    }

    public bool IsRunning => _step != Step.Idle;

    /// <summary>The beacon is held lit for the lamp check.</summary>
    public bool HoldsLampOn => _step == Step.Lamp;

    /// <summary>The link step wants a test alarm sent; the core clears it with <see cref="TestAlarmSent"/>.</summary>
    public bool WantsTestAlarm { get; private set; }

    /// <summary>A finished report waiting to be published (kept until connected), or null.</summary>
    public SelfTestMessage? Finished { get; private set; }

    /// <summary>The latest finished report, kept after it is sent (for a host's display); null before the first.</summary>
    public SelfTestMessage? Last { get; private set; }

    public void Start(string id, string trigger, long now)
    {
        if (IsRunning)
        {
            _log.Warn("self-test " + id + " ignored: test " + _report.Id + " is still running");
            return;
        }

        _report = new SelfTestMessage { Id = id, Trigger = trigger };
        _log.Info("self-test " + id + " started (" + trigger + ")");
        Enter(Step.Lamp, now);
    }

    /// <summary>One tick of the running step. <paramref name="alarmSlotBusy"/>: a citizen's alarm is active, so no test alarm may take its place.</summary>
    public void Update(long now, LampMonitor lamp, CameraTrigger camera, bool alarmSlotBusy)
    {
        switch (_step)
        {
            case Step.Lamp:
                if (!lamp.IsMonitored)
                {
                    _report.Lamp = SelfTestOutcome.Skip;
                    Enter(Step.Camera, now);
                }
                else if (now - _stepSinceMs >= _config.LampCheckDelayMs + LampSettleMarginMs)
                {
                    _report.Lamp = lamp.DrawsCurrent ? SelfTestOutcome.Pass : SelfTestOutcome.Fail;
                    Enter(Step.Camera, now);
                }

                break;
            case Step.Camera:
                if (!camera.IsFitted)
                {
                    _report.Camera = SelfTestOutcome.Skip;
                    Enter(Step.Storage, now);
                }
                else if (!_cameraPulsed)
                {
                    camera.Pulse(now);
                    _cameraPulsed = true;
                }
                else if (!camera.IsPulsing)
                {
                    // The relay output was driven for the full width; the camera's own log shows the still.
                    _report.Camera = SelfTestOutcome.Pass;
                    Enter(Step.Storage, now);
                }

                break;
            case Step.Storage:
                _report.Storage = CheckStorage(now) ? SelfTestOutcome.Pass : SelfTestOutcome.Fail;
                if (alarmSlotBusy)
                {
                    _report.Link = SelfTestOutcome.Skip;
                    Finish(now);
                }
                else
                {
                    WantsTestAlarm = true;
                    Enter(Step.Link, now);
                }

                break;
            case Step.Link:
                if (!WantsTestAlarm && now - _testAlarmSentMs >= _config.SelfTestLinkTimeoutMs)
                {
                    _log.Warn("self-test: the test alarm was not answered in time");
                    _report.Link = SelfTestOutcome.Fail;
                    Finish(now);
                }

                break;
        }
    }

    /// <summary>The core stored and queued the test alarm.</summary>
    public void TestAlarmSent(long now)
    {
        WantsTestAlarm = false;
        _testAlarmSentMs = now;
    }

    /// <summary>The gateway answered the test alarm.</summary>
    public void TestAlarmReceived(long now)
    {
        if (_step != Step.Link || WantsTestAlarm)
        {
            return;
        }

        _report.Link = SelfTestOutcome.Pass;
        _report.LinkRttMs = now - _testAlarmSentMs;
        Finish(now);
    }

    /// <summary>A citizen pressed: the test ends now, with what it has.</summary>
    public void Abort(long now)
    {
        if (!IsRunning)
        {
            return;
        }

        _log.Warn("self-test " + _report.Id + " ended by a citizen's press");
        if (_step == Step.Link)
        {
            _report.Link = SelfTestOutcome.Fail;
        }

        WantsTestAlarm = false;
        Finish(now);
    }

    /// <summary>The report was published.</summary>
    public void ReportSent()
    {
        Finished = null;
    }

    private bool CheckStorage(long now)
    {
        var value = "selftest-" + IntegerText.Format(now);
        var ok = _store.Set(ScratchKey, value) && _store.Get(ScratchKey) == value && _store.Remove(ScratchKey) && _store.Get(ScratchKey) == null;
        if (!ok)
        {
            _log.Error("self-test: flash write/read/remove failed");
        }

        return ok;
    }

    private void Finish(long now)
    {
        _report.Ok = _report.Lamp != SelfTestOutcome.Fail && _report.Camera != SelfTestOutcome.Fail
            && _report.Link != SelfTestOutcome.Fail && _report.Storage != SelfTestOutcome.Fail;
        _report.UptimeMs = now;
        _report.At = _wallClock.IsSynced ? _wallClock.UtcNow : DateTime.MinValue;
        Finished = _report;
        Last = _report;
        _step = Step.Idle;
        _log.Info("self-test " + _report.Id + (_report.Ok ? " passed" : " FAILED") + ": lamp " + _report.Lamp + ", camera " + _report.Camera
            + ", storage " + _report.Storage + ", link " + _report.Link);
    }

    private void Enter(Step step, long now)
    {
        _step = step;
        _stepSinceMs = now;
        _cameraPulsed = false;
    }

    private enum Step
    {
        Idle,
        Lamp,
        Camera,
        Storage,
        Link,
    }
}
