using SosPost.Protocol;

namespace SosPost.Firmware.Core;

/// <summary>Per-post settings; durations in milliseconds of <see cref="IClock"/>.</summary>
public sealed class PostConfig
{
    /// <summary>Post id: also the MQTT client id and user name.</summary>
    public string PostId { get; set; } = string.Empty;

    /// <summary>The post's broker password.</summary>
    public string Password { get; set; } = string.Empty;

    public string FirmwareVersion { get; set; } = "0.1.0";

    /// <summary>
    /// The hash of the configuration the post runs (8 lowercase hex characters), reported in the online
    /// status and every heartbeat. All zeros until configurations are stored and hashed on the post.
    /// </summary>
    public string ConfigHash { get; set; } = "00000000";

    public long HeartbeatIntervalMs { get; set; } = 60000;

    /// <summary>How often a pending alarm is re-sent until the gateway answers "received".</summary>
    public long AlarmResendIntervalMs { get; set; } = 5000;

    /// <summary>Width of the camera trigger pulse on a new alarm.</summary>
    public long CameraPulseMs { get; set; } = 500;

    /// <summary>Time the beacon shows "received" or "dispatched" before the post returns to idle.</summary>
    public long AcknowledgedHoldMs { get; set; } = 600000;

    /// <summary>Null when usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (!Topics.IsValidPostId(PostId))
        {
            return "PostId is not a valid post id";
        }

        if (FirmwareVersion == null)
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

        return null;
    }
}
