namespace SosPost.Firmware.Core;

/// <summary>Monotonic time since boot; never jumps with wall-clock changes.</summary>
public interface IClock
{
    /// <summary>Milliseconds since the post booted (the alarm's uptimeMs is read from here).</summary>
    long NowMs { get; }
}
