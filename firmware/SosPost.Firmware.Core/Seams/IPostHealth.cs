namespace SosPost.Firmware.Core;

/// <summary>
/// Facts about the post's own health that only the platform knows, for the heartbeat. Optional: without it
/// the heartbeat says link "unknown", no signal and 0 free memory.
/// </summary>
public interface IPostHealth
{
    /// <summary>A <see cref="SosPost.Protocol.LinkType"/> value.</summary>
    string LinkType { get; }

    /// <summary>Signal strength in dBm, or <see cref="SosPost.Protocol.HeartbeatMessage.NoRssi"/> (ethernet, not known).</summary>
    int RssiDbm { get; }

    /// <summary>Free heap in bytes.</summary>
    long FreeMemoryBytes { get; }
}
