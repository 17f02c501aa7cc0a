using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>
/// Per-post settings; durations in milliseconds of <see cref="IClock"/>. Every setting has a default here
/// (docs/post-behaviour.md lists them) and <see cref="Validate"/> names the first one out of range.
/// </summary>
public sealed class PostConfig
{
    /// <summary>Post id: also the MQTT client id and user name.</summary>
    public string PostId { get; set; } = string.Empty;

    /// <summary>The post's broker password.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>
    /// The post's 32-byte message key: every message it sends carries an HMAC under it (docs/protocol.md,
    /// "Message authentication"). Never logged.
    /// </summary>
    public byte[]? MessageKey { get; set; }

    /// <summary>
    /// The lowest message counter this post may use: its provisioning time in microseconds since 1970, so a
    /// replaced or wiped board starts above every counter of the board before it (<see cref="MessageCounter"/>).
    /// </summary>
    public long MessageCounterStart { get; set; }

    public string FirmwareVersion { get; set; } = "0.1.0";

    /// <summary>
    /// The hash of the configuration the post runs (8 lowercase hex characters, <see cref="ConfigHash"/>
    /// of the config file), reported in the online status and every heartbeat.
    /// </summary>
    public string ConfigHash { get; set; } = "00000000";

    public long HeartbeatIntervalMs { get; set; } = 60000;

    /// <summary>How often a pending alarm or trouble event is re-sent until the gateway acknowledges it.</summary>
    public long AlarmResendIntervalMs { get; set; } = 5000;

    /// <summary>Width of the camera trigger pulse on a new alarm.</summary>
    public long CameraPulseMs { get; set; } = 500;

    /// <summary>Time the beacon shows "received" or "dispatched" before the post returns to idle.</summary>
    public long AcknowledgedHoldMs { get; set; } = 600000;

    /// <summary>The button level must be steady this long before the post believes a change (contact bounce, cable noise).</summary>
    public long ButtonDebounceMs { get; set; } = 30;

    /// <summary>
    /// How long the button must be held before it alarms. 0 (the default): the first touch alarms, because a
    /// panicked person jabs, and a post that wants a hold would miss them. Raise it only where false alarms
    /// (children, vandals) are the bigger problem.
    /// </summary>
    public long ButtonHoldMs { get; set; }

    /// <summary>A button held longer than this is stuck (jammed, shorted cable): one trouble event, not a stream of alarms.</summary>
    public long StuckButtonMs { get; set; } = 30000;

    /// <summary>With the cabinet open, a press held this long starts the technician's self-test instead of an alarm.</summary>
    public long SelfTestPressMs { get; set; } = 5000;

    /// <summary>Lamp current is only looked at once the lamp has been lit this long (inrush, sense filter).</summary>
    public long LampCheckDelayMs { get; set; } = 20;

    /// <summary>Lit time without lamp current, summed over blinks, that makes the lamp "failed".</summary>
    public long LampFailAfterMs { get; set; } = 200;

    /// <summary>Below this mains-derived supply voltage mains counts as lost (analog mains sense only).</summary>
    public int MainsPresentMv { get; set; } = 10000;

    /// <summary>Battery below this is low ("battery-low" raised).</summary>
    public int BatteryLowMv { get; set; } = 11500;

    /// <summary>Battery above this is charged again ("battery-low" restored); above <see cref="BatteryLowMv"/> so a sagging battery does not flap.</summary>
    public int BatteryRestoreMv { get; set; } = 12200;

    /// <summary>A cabinet, mains or battery reading must hold this long before it raises or restores a trouble.</summary>
    public long TroubleSettleMs { get; set; } = 2000;

    /// <summary>A self-test's test alarm not answered "received" within this time fails the link check.</summary>
    public long SelfTestLinkTimeoutMs { get; set; } = 30000;

    /// <summary>
    /// Upper bound of the delay of the first connection after boot, spread per post (<see cref="ConnectJitter"/>)
    /// so a district does not reconnect in one second after a power cut. 0 here connects at once; the device's
    /// config file defaults to 20 s (<see cref="Device.DeviceConfig"/>). A pending alarm never waits for it.
    /// </summary>
    public long ConnectJitterMaxMs { get; set; }

    /// <summary>Boots in a row that end before <see cref="StableRunMs"/> that put the post in safe mode.</summary>
    public int CrashLoopBoots { get; set; } = 5;

    /// <summary>A run this long is a clean run: the crash-loop boot counter is cleared.</summary>
    public long StableRunMs { get; set; } = 600000;

    /// <summary>Null when usable, else what is wrong, naming the setting.</summary>
    public string? Validate()
    {
        if (!Topics.IsValidPostId(PostId))
        {
            return "PostId is not a valid post id";
        }

        if (MessageKey == null || MessageKey.Length != SosPost.Protocol.Security.MessageAuth.KeySize)
        {
            return "MessageKey is not 32 bytes";
        }

        if (MessageCounterStart < 0)
        {
            return "MessageCounterStart is negative";
        }

        if (FirmwareVersion == null || FirmwareVersion.Length == 0)
        {
            return "FirmwareVersion is missing";
        }

        if (!PayloadCodec.IsConfigHash(ConfigHash))
        {
            return "ConfigHash is not 8 lowercase hex characters";
        }

        if (HeartbeatIntervalMs < 1000 || AlarmResendIntervalMs < 100 || CameraPulseMs < 1 || AcknowledgedHoldMs < 1000)
        {
            return "an interval is too short";
        }

        return OutOfRange("ButtonDebounceMs", ButtonDebounceMs, 0, 1000)
            ?? OutOfRange("ButtonHoldMs", ButtonHoldMs, 0, 3000)
            ?? OutOfRange("StuckButtonMs", StuckButtonMs, 5000, 3600000)
            ?? OutOfRange("SelfTestPressMs", SelfTestPressMs, 1000, StuckButtonMs - 1)
            ?? OutOfRange("LampCheckDelayMs", LampCheckDelayMs, 0, 1000)
            ?? OutOfRange("LampFailAfterMs", LampFailAfterMs, 20, 60000)
            ?? OutOfRange("MainsPresentMv", MainsPresentMv, 1000, 60000)
            ?? OutOfRange("BatteryLowMv", BatteryLowMv, 1000, 60000)
            ?? OutOfRange("BatteryRestoreMv", BatteryRestoreMv, BatteryLowMv + 1, 60000)
            ?? OutOfRange("TroubleSettleMs", TroubleSettleMs, 0, 600000)
            ?? OutOfRange("SelfTestLinkTimeoutMs", SelfTestLinkTimeoutMs, 1000, 600000)
            ?? OutOfRange("ConnectJitterMaxMs", ConnectJitterMaxMs, 0, 600000)
            ?? OutOfRange("CrashLoopBoots", CrashLoopBoots, 2, 100)
            ?? OutOfRange("StableRunMs", StableRunMs, 10000, 86400000);
    }

    private static string? OutOfRange(string name, long value, long min, long max)
    {
        if (value >= min && value <= max)
        {
            return null;
        }

        return name + " is " + Signed(value) + ": it must be from " + Signed(min) + " to " + Signed(max);
    }

    private static string Signed(long value)
    {
        return value < 0 ? "-" + IntegerText.Format(-value) : IntegerText.Format(value);
    }
}
