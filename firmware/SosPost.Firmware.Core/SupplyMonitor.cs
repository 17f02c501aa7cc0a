using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// Mains and battery. Mains is lost when its sense line says so, or when the mains-derived supply falls
/// below <see cref="PostConfig.MainsPresentMv"/>. The battery is low below <see cref="PostConfig.BatteryLowMv"/>
/// and charged again only above <see cref="PostConfig.BatteryRestoreMv"/>: the gap keeps a battery that
/// sags under the beacon's load from flapping. A reading that fails (negative) changes nothing.
/// </summary>
public sealed class SupplyMonitor
{
    private readonly IDigitalInput? _mainsSense;
    private readonly IAnalogInput? _mainsVoltage;
    private readonly IAnalogInput? _battery;
    private readonly int _mainsPresentMv;
    private readonly int _lowMv;
    private readonly int _restoreMv;
    private readonly SettledCondition _mainsLost;
    private readonly SettledCondition _batteryLow;

    public SupplyMonitor(IDigitalInput? mainsSense, IAnalogInput? mainsVoltage, IAnalogInput? battery, PostConfig config)
    {
        _mainsSense = mainsSense;
        _mainsVoltage = mainsVoltage;
        _battery = battery;
        _mainsPresentMv = config.MainsPresentMv;
        _lowMv = config.BatteryLowMv;
        _restoreMv = config.BatteryRestoreMv;
        _mainsLost = new SettledCondition(config.TroubleSettleMs, false);
        _batteryLow = new SettledCondition(config.TroubleSettleMs, false);
    }

    /// <summary>Mains power is present (settled); true when mains is not monitored.</summary>
    public bool MainsPresent => !_mainsLost.IsTrue;

    /// <summary>The battery is low (settled): "battery-low" is raised.</summary>
    public bool BatteryLow => _batteryLow.IsTrue;

    /// <summary>The latest good battery reading in millivolts; 0 before the first or without a battery input.</summary>
    public int BatteryMv { get; private set; }

    public void Update(long now, EventOutbox troubles)
    {
        if (_mainsSense != null || _mainsVoltage != null)
        {
            var lost = _mainsLost.IsTrue;
            if (_mainsSense != null)
            {
                lost = !_mainsSense.IsActive;
            }
            else
            {
                var mv = _mainsVoltage!.ReadMillivolts();
                if (mv >= 0)
                {
                    lost = mv < _mainsPresentMv;
                }
            }

            if (_mainsLost.Update(now, lost))
            {
                troubles.Report(TroubleType.Mains, lost, now);
            }
        }

        if (_battery != null)
        {
            var mv = _battery.ReadMillivolts();
            if (mv >= 0)
            {
                BatteryMv = mv;

                // Between the two thresholds the battery keeps the state it has.
                var low = _batteryLow.IsTrue ? mv <= _restoreMv : mv < _lowMv;
                if (_batteryLow.Update(now, low))
                {
                    troubles.Report(TroubleType.BatteryLow, low, now);
                }
            }
        }
    }
}
