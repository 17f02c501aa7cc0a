namespace SosPost.Firmware.Core;

/// <summary>
/// The post's lifeline: a watchdog that restarts a post whose tick loop has stopped, and a deliberate
/// restart that leaves its reason for the next start (the device has no hardware reset cause to read).
/// </summary>
public interface ISystemControl
{
    /// <summary>
    /// Why the post started, one of <see cref="SosPost.Protocol.ResetReason"/>: the reason recorded before
    /// a deliberate or watchdog restart, else <see cref="SosPost.Protocol.ResetReason.Unknown"/> (a power
    /// cut, brown-out or crash leaves no record).
    /// </summary>
    string ResetReason { get; }

    /// <summary>Tells the watchdog that the tick loop is alive; called once per tick. Never blocks.</summary>
    void FeedWatchdog();

    /// <summary>Records the reason (a <see cref="SosPost.Protocol.ResetReason"/>) and restarts the post; on a device it does not return.</summary>
    void Restart(string reason, string detail);
}
